// Files named by settings, read with k6's open() (init context only). A thrown string makes k6 print the
// message alone: one line, no stack trace.

export const readText = (setting: string, path: string): string => {
  try {
    return open(path);
  } catch {
    throw `plimsoll: ${setting}='${path}' cannot be read: expected the path of a readable file`;
  }
};
