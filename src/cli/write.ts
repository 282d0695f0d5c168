/** Writing results to stdout, waiting for the pipe to drain (large outputs, `| head`). */

export function writeOut(text: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'EPIPE') resolve();
      else reject(err);
    };
    process.stdout.once('error', onError);
    process.stdout.write(text, (err) => {
      process.stdout.off('error', onError);
      if (err && (err as NodeJS.ErrnoException).code !== 'EPIPE') reject(err);
      else resolve();
    });
  });
}
