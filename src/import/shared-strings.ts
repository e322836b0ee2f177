import { decodeEscapes } from "./sheet-reader";
import { JoinedStrings, type StringTable } from "./string-table";
import type { PartHandler } from "./xml-check";

/**
 * sharedStrings.xml → one plain string per `<si>`: its `<t>`, or its rich-text runs' `<t>`s
 * joined. Phonetic guides (`<rPh>`, furigana over Japanese names) are not part of the text.
 */
export class SharedStrings implements PartHandler, StringTable {
  private readonly strings = new JoinedStrings();
  private current: string | undefined;
  private inText = false;
  private inPhonetic = false;

  get length(): number {
    return this.strings.length;
  }

  at(index: number): string | undefined {
    return this.strings.at(index);
  }

  open(name: string): void {
    if (name === "si") this.current = "";
    else if (name === "rPh") this.inPhonetic = true;
    else if (name === "t") this.inText = !this.inPhonetic && this.current !== undefined;
  }

  text(text: string): void {
    if (this.inText) this.current += text;
  }

  close(name: string): void {
    if (name === "t") this.inText = false;
    else if (name === "rPh") this.inPhonetic = false;
    else if (name === "si") {
      this.strings.add(decodeEscapes(this.current ?? ""));
      this.current = undefined;
    }
  }
}
