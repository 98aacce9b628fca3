// Notes gathered for an essay: each note's passage quoted with a footnote citing it, in book
// order, and a bibliography; or every note with its anchor as JSON, for scripts.

/// A note and where it lands in the book read now.
public struct PlacedNote: Hashable, Sendable {
    public var note: Note
    public var anchoring: Anchoring

    public init(note: Note, anchoring: Anchoring) {
        self.note = note
        self.anchoring = anchoring
    }
}

public enum NotesExport {
    /// `notes` resolved against `book`: the attached ones in book order, then the orphans in the
    /// order they were made.
    public static func place(_ notes: [Note], in book: Book) -> [PlacedNote] {
        order(notes.map { PlacedNote(note: $0, anchoring: $0.anchor.resolve(in: book)) })
    }

    /// Attached notes in book order, then orphans in the order given.
    public static func order(_ placed: [PlacedNote]) -> [PlacedNote] {
        let attached = placed.enumerated().filter { $0.element.anchoring.unit != nil }.sorted { a, b in
            let (x, y) = (a.element.anchoring, b.element.anchoring)
            if x.unit! != y.unit! { return x.unit! < y.unit! }
            if x.range!.lowerBound != y.range!.lowerBound { return x.range!.lowerBound < y.range!.lowerBound }
            return a.offset < b.offset
        }.map(\.element)
        return attached + placed.filter { $0.anchoring.unit == nil }
    }

    /// The essay's material in Markdown: a heading for each chapter or source, each note's
    /// quote as a blockquote with a footnote (a full Chicago note the first time a work is cited,
    /// the shortened one after), the note's words, then the orphans with their quotes, the
    /// footnotes and a bibliography (the book, and each primary source quoted in it).
    public static func markdown(_ placed: [PlacedNote], book: Book, metadata: BookMetadata, catalog: SourceCatalog?) -> String {
        let title = metadata.title ?? book.document.title
        var out = "# Notes on *\(title)*\n"
        var footnotes: [String] = []
        var citedWorks = Set<Int>()
        var sourcesCited: [Int] = []
        var heading: Locator.Place?
        for item in placed {
            guard case .attached(let unit, let range, _) = item.anchoring else { continue }
            let locator = Citation.locator(book: book, unit: unit)
            if heading != locator.place {
                heading = locator.place
                out += "\n## " + headingText(locator.place, book: book, catalog: catalog) + "\n"
            }
            // The book is work -1; each source is its own work.
            var work = -1
            if case .source(let index, _) = locator.place {
                work = index
                if !sourcesCited.contains(index) { sourcesCited.append(index) }
            }
            let full = citedWorks.insert(work).inserted
            footnotes.append(full
                ? Citation.note(book: book, metadata: metadata, catalog: catalog, unit: unit, markdown: true)
                : Citation.shortNote(book: book, metadata: metadata, catalog: catalog, unit: unit, markdown: true))
            let quote = Citation.balanced(quoted(book, unit: unit, range: range))
            out += "\n" + Citation.blockquote(quote) + "[^\(footnotes.count)]\n"
            if !item.note.isHighlight { out += "\n" + Citation.markdownEscaped(item.note.text) + "\n" }
        }
        let orphans = placed.filter { $0.anchoring.unit == nil }
        if !orphans.isEmpty {
            out += "\n## Notes whose passage was not found\n\n"
            out += "These notes were made on another version of the book; their passages are quoted as they were, "
                + "without a citation.\n"
            for item in orphans {
                guard case .orphan(let reason) = item.anchoring else { continue }
                out += "\n" + Citation.blockquote(item.note.anchor.exact) + "\n"
                if !item.note.isHighlight { out += "\n" + Citation.markdownEscaped(item.note.text) + "\n" }
                out += "\n*(Made \(StateTime.iso8601(item.note.created)); \(reason.description).)*\n"
            }
        }
        if !footnotes.isEmpty {
            out += "\n" + footnotes.enumerated().map { "[^\($0.offset + 1)]: \($0.element)" }.joined(separator: "\n") + "\n"
        }
        var bibliography = [Citation.bibliography(metadata: metadata, title: title, markdown: true)]
        for index in sourcesCited {
            if let entry = catalog?.entries[index],
               let text = Citation.bibliography(ofSource: entry, bookTitle: title, markdown: true) {
                bibliography.append(text)
            }
        }
        // Chicago lists a bibliography in alphabetical order.
        out += "\n## Bibliography\n\n" + bibliography.sorted { sortKey($0) < sortKey($1) }.joined(separator: "\n\n") + "\n"
        return out
    }

    /// Every note with its anchor, where it lands now, and its citation.
    public static func json(_ placed: [PlacedNote], book: Book, metadata: BookMetadata, catalog: SourceCatalog?) -> JSON {
        .array(placed.map { item in
            var members: [(String, JSON)]
            guard case .object(let stored) = BookState.json(item.note) else { return .null }
            members = stored
            switch item.anchoring {
            case .attached(let unit, let range, let moved):
                let locator = Citation.locator(book: book, unit: unit)
                let position = book.units[unit].paragraph.position(ofScalarOffset: range.lowerBound)
                members.append(("status", .string(moved ? "moved" : "attached")))
                members.append(("line", .int(position.line)))
                members.append(("column", .int(position.column)))
                switch locator.place {
                case .chapter(let index, let number, let title):
                    // 0-based, as in `iskra export --json`; the number the citation gives beside it.
                    members.append(("chapter", .int(index)))
                    members.append(("chapterNumber", .optional(number)))
                    members.append(("chapterTitle", .optional(title)))
                case .source(_, let number): members.append(("source", .int(number)))
                case .front: break
                }
                members.append(("paragraph", .optional(locator.paragraph)))
                members.append(("citation", .string(Citation.cite(book: book, metadata: metadata, catalog: catalog,
                                                                   unit: unit, style: .chicagoNote))))
            case .orphan(let reason):
                members.append(("status", .string("orphan")))
                members.append(("reason", .string(reason.description)))
            }
            return .object(members)
        })
    }

    /// The noted text, whole words: a span's quote as the book has it.
    public static func quoted(_ book: Book, unit: Int, range: Range<Int>) -> String {
        let scalars = book.units[unit].text.unicodeScalars
        let from = book.index(ofScalar: range.lowerBound, inUnit: unit)
        let to = scalars.index(from, offsetBy: range.count, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return String(scalars[from..<to])
    }

    static func headingText(_ place: Locator.Place, book: Book, catalog: SourceCatalog?) -> String {
        switch place {
        case .chapter(_, let number?, let title):
            return "Chapter \(number)" + (title.map { ": \($0)" } ?? "")
        case .chapter(_, nil, let title):
            let name = title ?? "front matter"
            return name.prefix(1).uppercased() + name.dropFirst()
        case .source(let index, let number):
            let entry = catalog?.entries[index]
            let named = [entry?.author, entry?.title].compactMap { $0 }.joined(separator: ", ")
            return "Source \(number)" + (named.isEmpty ? "" : ": \(named)")
        case .front:
            return "Title page"
        }
    }

    /// Alphabetical, ignoring the Markdown asterisks and quotation marks.
    static func sortKey(_ entry: String) -> String {
        entry.filter { $0 != "*" && $0 != "\u{201C}" && $0 != "\u{201D}" }.lowercased()
    }
}

