import { useEffect, useState } from "react";
import { Loading } from "./Status";

type Render = (text: string) => string;
let renderer: Promise<Render> | null = null;

// The website's parser in JavaScript (app/publication/markdown.py: markdown-it, CommonMark, tables, raw
// HTML escaped, javascript: links refused): the preview reads as the published page will. Loaded on
// first use, so the first load of the app stays small.
function loadRenderer(): Promise<Render> {
  renderer ??= import("markdown-it").then(
    ({ default: MarkdownIt }) => {
      const parser = new MarkdownIt("commonmark", { html: false, linkify: false }).enable("table");
      return (text: string) => parser.render(text);
    },
    (error: unknown) => {
      renderer = null; // a new deployment's files (or the network) failed: the next try loads afresh
      throw error;
    },
  );
  return renderer;
}

/** A document's markdown as the website shows it. */
export function Markdown({ text }: { text: string }) {
  const [html, setHtml] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    loadRenderer().then(
      (render) => {
        if (!current) return;
        setHtml(render(text));
        setFailed(false);
      },
      () => {
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [text]);
  if (failed) return <p role="alert">Teksten kunne ikke vises. Last inn siden på nytt.</p>;
  if (html === null) return <Loading what="Lager forhåndsvisning" />;
  // Safe: the parser escapes raw HTML and refuses script links.
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
