// Citations of a passage: the book's metadata from a sidecar file (only what its reader filled
// in; nothing invented), a locator the book can support (it has no pages: chapter and paragraph,
// or source and paragraph), and four styles. A primary source is cited as Chicago cites a text
// known through another work: the source first, then "quoted in" the book.

/// What a book's sidecar file (`BOOK.meta`, beside the book) says of it. Every field is
/// optional; the title falls back to the book's own first line.
public struct BookMetadata: Equatable, Sendable {
    public var title: String?
    public var authors: [String] = []
    /// The publisher, or the site a web text comes from.
    public var publisher: String?
    public var url: String?
    public var published: String?
    public var modified: String?
    public var accessed: String?

    public init(title: String? = nil) { self.title = title }

    /// The fields a citation would like and the sidecar does not give.
    public var missing: [String] {
        var missing: [String] = []
        if authors.isEmpty { missing.append("author") }
        if publisher == nil { missing.append("publisher") }
        if published == nil && modified == nil { missing.append("published") }
        if url == nil { missing.append("url") }
        return missing
    }

    /// Reads a sidecar's text. Unknown fields and malformed lines are reported, not guessed at.
    public static func parse(_ text: String, fallbackTitle: String?) -> (BookMetadata, problems: [String]) {
        var metadata = BookMetadata(title: fallbackTitle)
        var problems: [String] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                problems.append("line \(number + 1): expected `field: value`")
                continue
            }
            let field = line[..<colon].trimmingSpaces.lowercased()
            let value = String(line[line.index(after: colon)...].trimmingSpaces)
            guard !value.isEmpty else { continue }
            switch field {
            case "title": metadata.title = value
            case "author": metadata.authors.append(value)
            case "publisher", "site": metadata.publisher = value
            case "url": metadata.url = value
            case "published": metadata.published = value
            case "modified": metadata.modified = value
            case "accessed": metadata.accessed = value
            default: problems.append("line \(number + 1): unknown field \u{201C}\(field)\u{201D}")
            }
        }
        return (metadata, problems)
    }
}

public enum CitationStyle: String, CaseIterable, Sendable {
    case chicagoNote = "chicago-note"
    case chicagoBibliography = "chicago-bibliography"
    case markdown
    case plain

    public var label: String {
        switch self {
        case .chicagoNote: return "Chicago note"
        case .chicagoBibliography: return "Chicago bibliography"
        case .markdown: return "Markdown quote"
        case .plain: return "plain text"
        }
    }
}

/// Where a passage is, as a citation can say it: a chapter (by number and title) or a
/// primary source (by number), and the paragraph's number within it.
public struct Locator: Equatable, Sendable {
    public enum Place: Equatable, Sendable {
        /// `number`: the chapter's number among the book's own chapters (a Project Gutenberg
        /// header before them is not one); nil for front or back matter, named by `title`.
        case chapter(index: Int, number: Int?, title: String?)
        case source(index: Int, number: Int)
        case front
    }
    public var place: Place
    /// 1-based among the chapter's or source's paragraphs; nil for a heading or caption.
    public var paragraph: Int?

    public init(place: Place, paragraph: Int?) {
        self.place = place
        self.paragraph = paragraph
    }

    /// "chap. 3, “Leon Trotsky and Bloody Sunday,” ¶ 4", "source 29, ¶ 2".
    public var text: String {
        let paragraph = self.paragraph.map { "\u{B6} \($0)" }
        switch place {
        case .chapter(_, nil, let title):
            return ([title ?? "front matter"] + [paragraph].compactMap { $0 }).joined(separator: ", ")
        case .chapter(_, let number?, let title):
            // Chicago's comma goes inside the closing quotation mark.
            guard let title else { return (["chap. \(number)"] + [paragraph].compactMap { $0 }).joined(separator: ", ") }
            guard let paragraph else { return "chap. \(number), \u{201C}\(title)\u{201D}" }
            return "chap. \(number), \u{201C}\(title),\u{201D} \(paragraph)"
        case .source(_, let number): return (["source \(number)"] + [paragraph].compactMap { $0 }).joined(separator: ", ")
        case .front: return "title page"
        }
    }
}

public enum Citation {
    /// The locator of unit `unit`: its chapter or source, and its number among the paragraphs
    /// there (as the reader shows them, the source's header not counted).
    public static func locator(book: Book, unit: Int) -> Locator {
        let paragraph = book.paragraphNumber(ofUnit: unit)
        switch book.units[unit].container {
        case .chapter(let index):
            let chapters = book.document.chapters
            guard chapters[index].role == .body else {
                return Locator(place: .chapter(index: index, number: nil, title: chapters[index].role.rawValue), paragraph: paragraph)
            }
            return Locator(place: .chapter(index: index, number: book.document.chapterNumber(index), title: chapters[index].title),
                           paragraph: paragraph)
        case .source(let index):
            return Locator(place: .source(index: index, number: book.document.sources[index].number), paragraph: paragraph)
        case .sourcesIntro, .front:
            return Locator(place: .front, paragraph: nil)
        }
    }

    /// A citation of unit `unit` in `style`. `catalog` gives a source's author, work and date,
    /// so that a source is cited first and the book as where it is quoted. `quote` is the text
    /// quoted in the Markdown and plain styles: a note's span; the whole unit when nil.
    public static func cite(book: Book, metadata: BookMetadata, catalog: SourceCatalog?, unit: Int,
                            style: CitationStyle, quote: String? = nil) -> String {
        let title = metadata.title ?? book.document.title
        switch style {
        case .chicagoBibliography:
            // A source's passage: the source's entry, as a work known through the book.
            if case .source(let index, _) = locator(book: book, unit: unit).place, let entry = catalog?.entries[index],
               let text = bibliography(ofSource: entry, bookTitle: title, markdown: false) {
                return text
            }
            return bibliography(metadata: metadata, title: title, markdown: false)
        case .chicagoNote:
            return note(book: book, metadata: metadata, catalog: catalog, unit: unit, markdown: false)
        case .markdown:
            return blockquote(quote.map(balanced) ?? book.units[unit].text) + "\n>\n> \u{2014} "
                + note(book: book, metadata: metadata, catalog: catalog, unit: unit, markdown: true)
        case .plain:
            let locator = locator(book: book, unit: unit)
            let sourcePart = source(of: locator, catalog: catalog, markdown: false)
            let whereText = comma(sourcePart.map { comma($0, "quoted in " + title) } ?? title, locator.text)
            return "\u{201C}\(quote.map(balanced) ?? book.units[unit].text)\u{201D} (\(whereText))"
        }
    }

    /// A full Chicago note: "Author, Title (Publisher, 2020), chap. 3, “Title,” ¶ 4, accessed
    /// …, URL." after the source and "quoted in" when the passage is a source's. `markdown`
    /// sets titles in italics.
    public static func note(book: Book, metadata: BookMetadata, catalog: SourceCatalog?, unit: Int, markdown: Bool) -> String {
        let locator = locator(book: book, unit: unit)
        let title = titled(metadata.title ?? book.document.title, markdown)
        let authors = names(metadata.authors)
        let facts = [metadata.publisher, metadata.published ?? metadata.modified].compactMap { $0 }.joined(separator: ", ")
        let access = [metadata.accessed.map { "accessed \($0)" }, metadata.url].compactMap { $0 }.joined(separator: ", ")
        var note = authors.isEmpty ? title : authors + ", " + title
        if !facts.isEmpty { note += " (\(facts))" }
        note = comma(note, locator.text)
        if !access.isEmpty { note = comma(note, access) }
        if let sourcePart = source(of: locator, catalog: catalog, markdown: markdown) { note = comma(sourcePart, "quoted in " + note) }
        // The full stop goes inside a closing quotation mark.
        return note.hasSuffix("\u{201D}") ? String(note.dropLast()) + ".\u{201D}" : note + "."
    }

    /// The shortened note Chicago uses once a work has been cited in full: the authors' last
    /// names, the title before any subtitle, the locator ("Trotsky, “Amoralism and Kronstadt,”
    /// quoted in Leon Trotsky, source 29, ¶ 2.").
    public static func shortNote(book: Book, metadata: BookMetadata, catalog: SourceCatalog?, unit: Int,
                                 markdown: Bool) -> String {
        let locator = locator(book: book, unit: unit)
        var title = metadata.title ?? book.document.title
        if let colon = title.firstIndex(of: ":") { title = String(title[..<colon]) }
        let lastNames = names(metadata.authors.map(lastName))
        var note = comma((lastNames.isEmpty ? "" : lastNames + ", ") + titled(title, markdown), locator.text)
        if case .source(let index, _) = locator.place, let entry = catalog?.entries[index],
           let work = entry.title.map({ work(entry, $0, markdown) }) {
            note = comma([entry.author.map(lastName), work].compactMap { $0 }.joined(separator: ", "), "quoted in " + note)
        }
        return note.hasSuffix("\u{201D}") ? String(note.dropLast()) + ".\u{201D}" : note + "."
    }

    /// The book's bibliography entry: the first author inverted, as Chicago lists them.
    public static func bibliography(metadata: BookMetadata, title: String, markdown: Bool) -> String {
        var parts: [String] = []
        if !metadata.authors.isEmpty {
            // "Trotsky, Leon, and Max Eastman": the inverted name keeps its own comma.
            let rest = Array(metadata.authors.dropFirst())
            parts.append(rest.isEmpty ? inverted(metadata.authors[0])
                         : inverted(metadata.authors[0]) + ", " + rest.dropLast().map { $0 + ", " }.joined() + "and " + rest.last!)
        }
        parts.append(titled(title, markdown))
        let facts = [metadata.publisher, metadata.published ?? metadata.modified].compactMap { $0 }.joined(separator: ", ")
        if !facts.isEmpty { parts.append(facts) }
        if let url = metadata.url { parts.append(url) }
        return parts.map(closed).joined(separator: " ")
    }

    /// A primary source's bibliography entry, as a source known through the book: "Trotsky,
    /// Leon. “Amoralism and Kronstadt.” 1937. Quoted in Leon Trotsky." Nil when the catalog
    /// knows neither its author nor its work.
    public static func bibliography(ofSource entry: SourceInfo, bookTitle: String, markdown: Bool) -> String? {
        guard entry.author != nil || entry.title != nil else { return nil }
        // A description opens its own sentence in a bibliography: "Letter to Pavel Axelrod".
        var title: String?
        if let written = entry.title {
            let styled = work(entry, written, markdown)
            title = styled.prefix(1).uppercased() + styled.dropFirst()
        }
        var parts = [entry.author.map(inverted), title, entry.date.map { chicagoDate($0.key) }]
            .compactMap { $0 }.map(closed)
        parts.append("Quoted in " + titled(bookTitle, markdown) + ".")
        return parts.joined(separator: " ")
    }

    /// The source a locator names, as a note opens its citation: "Leon Trotsky, “Amoralism and
    /// Kronstadt” (1937)".
    static func source(of locator: Locator, catalog: SourceCatalog?, markdown: Bool) -> String? {
        guard case .source(let index, _) = locator.place, let entry = catalog?.entries[index] else { return nil }
        let parts = [entry.author, entry.title.map { work(entry, $0, markdown) }].compactMap { $0 }.joined(separator: ", ")
        let written = entry.date.map { " (\(chicagoDate($0.key)))" } ?? ""
        return parts.isEmpty ? nil : parts + written
    }

    /// A work's title: a book's as a book's (italic in Markdown), else in quotation marks; a
    /// description written in lower case ("letter to Pavel Axelrod", "speech") is no title and
    /// stays as it is, as Chicago writes one.
    static func work(_ entry: SourceInfo, _ title: String, _ markdown: Bool) -> String {
        if let first = title.unicodeScalars.first, first.properties.isLowercase { return title }
        switch entry.genre {
        case .book?, .autobiography?, .memoir?, .encyclopaedia?, .newspaper?: return titled(title, markdown)
        default: return "\u{201C}\(title)\u{201D}"
        }
    }

    /// `first`, a comma and `rest`; the comma inside a closing quotation mark, as Chicago puts it
    /// (`“Amoralism and Kronstadt,” quoted in`).
    static func comma(_ first: String, _ rest: String) -> String {
        first.hasSuffix("\u{201D}") ? String(first.dropLast()) + ",\u{201D} " + rest : first + ", " + rest
    }

    /// A bibliography's part ending in a full stop (inside a closing quotation mark), or in the
    /// question or exclamation mark it has.
    static func closed(_ part: String) -> String {
        if part.hasSuffix(".") || part.hasSuffix("?") || part.hasSuffix("!") { return part }
        if part.hasSuffix("\u{201D}") {
            let inner = part.dropLast()
            return inner.hasSuffix("?") || inner.hasSuffix("!") || inner.hasSuffix(".") ? part : String(inner) + ".\u{201D}"
        }
        return part + "."
    }

    /// "March 2, 1903", "March 1937", "1930": a date as Chicago writes it.
    static func chicagoDate(_ key: DateKey) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        guard let month = key.month, (1...12).contains(month) else { return String(key.year) }
        guard let day = key.day else { return "\(months[month - 1]) \(key.year)" }
        return "\(months[month - 1]) \(day), \(key.year)"
    }

    /// A quotation with a quotation mark at either end dropped when it has no partner in it (the
    /// words chosen ended inside the book's own quotation): an essay's quote marks stay paired.
    public static func balanced(_ quote: String) -> String {
        var text = Substring(quote)
        // Curly marks pair by nesting: a closing one at depth 0 at the end, or an opening one
        // at the start never closed, has no partner.
        var depth = 0, closesUnopened = false
        var opens: [String.Index] = []
        for index in text.indices {
            if text[index] == "\u{201C}" { opens.append(index); depth += 1 }
            if text[index] == "\u{201D}" {
                if depth == 0 { if index == text.index(before: text.endIndex) { closesUnopened = true } } else {
                    depth -= 1
                    opens.removeLast()
                }
            }
        }
        let opensUnclosed = opens.first == text.startIndex
        if closesUnopened { text = text.dropLast() }
        if opensUnclosed { text = text.dropFirst() }
        // Straight marks cannot tell opening from closing: an odd count at an end is the one.
        if text.count(where: { $0 == "\"" }) % 2 == 1 {
            if text.hasSuffix("\"") { text = text.dropLast() } else if text.hasPrefix("\"") { text = text.dropFirst() }
        }
        return String(text)
    }

    /// A book's title: italic in Markdown; plain elsewhere (a clipboard keeps no italics).
    static func titled(_ name: String, _ markdown: Bool) -> String { markdown ? "*\(name)*" : name }

    /// Each line of `text` quoted, for Markdown.
    /// A Markdown blockquote of `text` as written (see `markdownEscaped`).
    static func blockquote(_ text: String) -> String {
        markdownEscaped(text).split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
    }

    /// Text as Markdown shows it as written: what would open a heading, quote, list or footnote
    /// at a line's start ("1917. The year…" is no list item) is escaped, and `[^` anywhere.
    static func markdownEscaped(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = String(line.replacing("[^", with: "\\[^"))
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            if let first = trimmed.first, "#>+-*".contains(first) {
                line.insert("\\", at: line.index(line.startIndex, offsetBy: indent))
            } else {
                // An ordered list's number: digits and "." or ")".
                let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
                if !digits.isEmpty, digits.count <= 9, let mark = trimmed.dropFirst(digits.count).first, mark == "." || mark == ")",
                   trimmed.dropFirst(digits.count + 1).first.map({ $0 == " " }) ?? true {
                    let at = line.index(line.startIndex, offsetBy: indent + digits.count)
                    line.insert("\\", at: at)
                }
            }
            return line
        }.joined(separator: "\n")
    }


    /// "Leon Trotsky" → "Trotsky, Leon"; one word stays as it is.
    static func inverted(_ name: String) -> String {
        let words = name.split(separator: " ")
        guard words.count > 1 else { return name }
        return words.last! + ", " + words.dropLast().joined(separator: " ")
    }

    static func lastName(_ name: String) -> String { name.split(separator: " ").last.map(String.init) ?? name }

    /// "A", "A and B", "A, B, and C".
    static func names(_ authors: [String]) -> String {
        switch authors.count {
        case 0: return ""
        case 1: return authors[0]
        case 2: return authors[0] + " and " + authors[1]
        default: return authors.dropLast().joined(separator: ", ") + ", and " + authors.last!
        }
    }

    /// The unit holding file line `line` (and `column`, 1-based scalars, where a line holds
    /// several), or nil when the line is blank or outside the book.
    public static func unit(atLine line: Int, column: Int? = nil, in book: Book) -> Int? {
        let matches = book.units.filter { $0.paragraph.line <= line && line <= $0.paragraph.endLine }
        guard let column, matches.count > 1 else { return matches.first?.id }
        return matches.last { $0.paragraph.position(ofScalarOffset: 0).column <= column || $0.paragraph.line < line }?.id
            ?? matches.first?.id
    }
}
