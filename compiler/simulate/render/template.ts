/**
 * Parser of Datadog monitor message templates into a syntax tree: text, variables (`{{value}}`)
 * and conditional sections (`{{#is_alert}}...{{/is_alert}}`, inverted `{{^is_alert}}...`, with
 * an argument for `{{#is_priority 'P1'}}`), nested to any depth.
 * Syntax: https://docs.datadoghq.com/monitors/notify/variables/ ("Conditional variables": a
 * section opens with `{{#name}}` or `{{^name}}` and closes with `{{/name}}`; "Template
 * variables": `{{name}}`). Datadog's templates are Mustache-like; like Mustache, a section
 * closed by another name, or never closed, is an error here rather than silently mis-rendered.
 */

export interface TextNode {
  readonly kind: "text";
  readonly text: string;
}

export interface VariableNode {
  readonly kind: "variable";
  /** `value`, `threshold`, `log.attributes.x`... as written, trimmed. */
  readonly name: string;
  readonly offset: number;
}

export interface SectionNode {
  readonly kind: "section";
  /** `is_alert`, `is_priority`... */
  readonly name: string;
  /** `{{^name}}`: shown when the condition is false. */
  readonly inverted: boolean;
  /** Quoted arguments, unquoted: `{{#is_priority 'P1'}}` -> `["P1"]`. */
  readonly args: readonly string[];
  readonly children: readonly TemplateNode[];
  readonly offset: number;
}

export type TemplateNode = TextNode | VariableNode | SectionNode;

export class TemplateError extends Error {
  constructor(
    message: string,
    /** Offset in the template of the tag at fault. */
    readonly offset: number,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

interface OpenSection {
  readonly name: string;
  readonly inverted: boolean;
  readonly args: string[];
  readonly children: TemplateNode[];
  readonly offset: number;
}

const TAG = /\{\{([\s\S]*?)\}\}/g;

/** The tree of `template`; throws TemplateError on an unbalanced or malformed tag. */
export function parseTemplate(template: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: OpenSection[] = [];
  const current = () => (stack.length ? stack[stack.length - 1].children : root);
  let last = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(template); m; m = TAG.exec(template)) {
    if (m.index > last) current().push({ kind: "text", text: template.slice(last, m.index) });
    last = m.index + m[0].length;
    const body = m[1].trim();
    const sigil = body[0];
    if (sigil === "#" || sigil === "^") {
      const [name, ...args] = splitTag(body.slice(1), m.index);
      stack.push({ name, inverted: sigil === "^", args, children: [], offset: m.index });
    } else if (sigil === "/") {
      const name = body.slice(1).trim();
      const open = stack.pop();
      if (!open) throw new TemplateError(`{{/${name}}} closes a block that was never opened`, m.index);
      if (open.name !== name) throw new TemplateError(`{{/${name}}} closes {{${open.inverted ? "^" : "#"}${open.name}}}, which must be closed first`, m.index);
      current().push({ kind: "section", name: open.name, inverted: open.inverted, args: open.args, children: open.children, offset: open.offset });
    } else {
      if (!body) throw new TemplateError("{{}} names no variable", m.index);
      current().push({ kind: "variable", name: body, offset: m.index });
    }
  }
  const open = stack.pop();
  if (open) throw new TemplateError(`{{${open.inverted ? "^" : "#"}${open.name}}} is never closed with {{/${open.name}}}`, open.offset);
  if (last < template.length) root.push({ kind: "text", text: template.slice(last) });
  return root;
}

/** `is_priority 'P1'` -> `["is_priority", "P1"]`; arguments in single or double quotes. */
function splitTag(text: string, offset: number): string[] {
  const parts: string[] = [];
  const re = /\s*(?:'([^']*)'|"([^"]*)"|([^\s'"]+))/y;
  const end = text.trimEnd().length;
  let at = 0;
  while (at < end) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) break;
    parts.push(m[1] ?? m[2] ?? m[3]);
    at = re.lastIndex;
  }
  if (at < end || !parts.length || !/^[a-z_]+$/.test(parts[0]))
    throw new TemplateError(`{{#${text}}} is not a conditional block Datadog knows the form of`, offset);
  return parts;
}
