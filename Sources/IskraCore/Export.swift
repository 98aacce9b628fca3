// The model as JSON (`iskra export --json`) and as a readable outline.

public enum Export {
    /// `catalog`: the sources' metadata and the narrative's links to them (`SourceCatalog`),
    /// as `iskra sources --json` and `iskra links --json` print them; left out when nil.
    /// `dates`: every date the text states, in book order, as `iskra timeline --json` prints
    /// them; left out when nil.
    public static func json(_ document: Document, people: JSON = .array([]), catalog: SourceCatalog? = nil,
                            dates: BookDates? = nil) -> JSON {
        var members: [(String, JSON)] = [
            ("document", .object([
                ("title", .string(document.title)),
                ("titleLine", .int(document.titleLine)),
                ("path", .string(document.path)),
                ("lines", .int(document.lineCount)),
            ])),
            ("chapters", .array(document.chapters.map(chapter))),
            ("figures", .array(document.figures.map(figure))),
            ("sourcesHeading", document.sourcesHeading.map { .object([("line", .int($0.line)), ("text", .string($0.text))]) } ?? .null),
            ("sourcesPreamble", .array(document.sourcesPreamble.map(paragraph))),
            ("sources", .array(document.sources.map(source))),
            ("people", people),
            ("warnings", .array(document.warnings.map { warning in
                .object([("line", .int(warning.line)), ("byteOffset", .optional(warning.byteOffset)),
                         ("message", .string(warning.message))])
            })),
        ]
        if let catalog {
            members.append(("catalog", .object([("sources", catalog.sourceList(document)), ("links", catalog.linkList(document))])))
        }
        if let dates {
            members.append(("dates", .array(dates.dates.map { BookDates.json($0, document: document) })))
        }
        return .object(members)
    }

    static func paragraph(_ paragraph: Paragraph) -> JSON {
        .object([("line", .int(paragraph.line)), ("endLine", .int(paragraph.endLine)), ("text", .string(paragraph.text))])
    }

    static func chapter(_ chapter: Chapter) -> JSON {
        .object([
            ("index", .int(chapter.index)),
            ("title", .optional(chapter.title)),
            ("line", .int(chapter.line)),
            ("endLine", .int(chapter.endLine)),
            ("paragraphs", .array(chapter.paragraphs.map(paragraph))),
        ])
    }

    static func figure(_ figure: Figure) -> JSON {
        .object([
            ("line", .int(figure.line)),
            ("endLine", .int(figure.endLine)),
            ("alt", .string(figure.altText.text)),
            ("caption", .optional(figure.caption?.text)),
            ("chapter", .int(figure.chapter)),
        ])
    }

    static func source(_ source: Source) -> JSON {
        .object([
            ("number", .int(source.number)),
            ("line", .int(source.line)),
            ("endLine", .int(source.endLine)),
            ("header", .string(source.header)),
            ("author", .optional(source.author)),
            ("title", .optional(source.title)),
            ("date", .optional(source.date)),
            ("paragraphs", .array(source.paragraphs.map(paragraph))),
        ])
    }

    /// Title, chapters and sources with their line numbers, one per line.
    public static func outline(_ document: Document) -> String {
        var out = "\(document.title)\n"
        out += "\(document.chapters.count) chapters, \(document.figures.count) figures, \(document.sources.count) sources, \(document.lineCount) lines\n"
        if !document.chapters.isEmpty { out += "\nChapters\n" }
        for chapter in document.chapters {
            out += pad(chapter.line) + "  \(chapter.index + 1). \(chapter.title ?? (chapter.role == .body ? "Opening (untitled)" : chapter.displayTitle))\n"
        }
        if !document.sources.isEmpty { out += "\n\(document.sourcesHeading?.text ?? "Sources")\n" }
        for source in document.sources {
            out += pad(source.line) + "  (\(source.number)) \(source.header)\n"
        }
        return out
    }

    private static func pad(_ line: Int) -> String {
        let text = String(line)
        return String(repeating: " ", count: max(0, 6 - text.count)) + text
    }
}
