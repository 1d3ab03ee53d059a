/** The fields of a submitted dashboard form. */
export type Fields = Readonly<Record<string, string>>;

/** A dashboard action as the chat command it stands for: `.{command} {args}`. */
export interface CommandLine {
  command: string;
  args: string;
}

/** A field that is not one word: the form was filled wrongly, nothing is run. */
export class FieldError extends Error {
  override readonly name = "FieldError";
}

const word = (fields: Fields, name: string, label = name): string => {
  const value = (fields[name] ?? "").trim();
  if (/\s/.test(value)) throw new FieldError(`${label} must be one word, without spaces`);
  return value;
};

const flag = (fields: Fields, name: string, text: string) => (fields[name] ? ` ${text}` : "");

/**
 * Each change the dashboard offers, written as the command an owner would type; the command
 * itself checks the arguments and answers, exactly as in chat.
 */
const ACTIONS: Record<string, (f: Fields) => CommandLine> = {
  "sudo.add": (f) => ({ command: "sudo", args: `add ${word(f, "user")}` }),
  "sudo.rm": (f) => ({ command: "sudo", args: `rm ${word(f, "user")}` }),
  "modaccess.add": (f) => ({
    command: "modaccess",
    args: `add ${word(f, "user")} ${word(f, "target", "module or command")}`,
  }),
  "modaccess.rm": (f) => ({
    command: "modaccess",
    args: `rm ${word(f, "user")} ${word(f, "target", "module or command")}`,
  }),
  "tsec.add": (f) => ({
    command: "tsec",
    args: `${word(f, "user")} ${word(f, "command")} ${word(f, "minutes")}`,
  }),
  "tsec.rm": (f) => ({ command: "tsec", args: `rm ${word(f, "user")} ${word(f, "command")}` }),
  "modules.enable": (f) => ({ command: "modules", args: `enable ${word(f, "module")}` }),
  "modules.disable": (f) => ({ command: "modules", args: `disable ${word(f, "module")}` }),
  "modules.install": (f) => ({
    command: "modules",
    args: `install ${word(f, "url", "URL")}${f.sha256 ? ` --sha256 ${word(f, "sha256", "SHA-256")}` : ""}`,
  }),
  "modules.remove": (f) => ({
    command: "modules",
    args: `remove ${word(f, "module")}${flag(f, "purge", "--purge")}`,
  }),
  "cfg.set": (f) => ({
    command: "cfg",
    args: `${word(f, "module")} ${word(f, "key")} ${f.unset ? "--unset" : (f.value ?? "").trim()}`,
  }),
};

/** The command line of a dashboard action, or null when there is no such action. */
export function commandLineOf(action: string, fields: Fields): CommandLine | null {
  const build = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  return build ? build(fields) : null;
}
