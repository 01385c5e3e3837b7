// A runbook spec as the YAML file operators keep in version control and give to
// `pitcrew runbook apply FILE`: the spec's own key order, each set on one line as in
// examples/lan-free-demo.yaml.
import { Document, isMap, isSeq } from "yaml";

export function runbookSpecYaml(spec: Record<string, unknown>): string {
  const doc = new Document(spec);
  const sets = doc.get("sets", true);
  if (isSeq(sets)) {
    for (const item of sets.items) if (isMap(item)) item.flow = true;
  }
  return doc.toString({ lineWidth: 0 });
}
