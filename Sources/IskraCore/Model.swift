// The content model: what a book is once parsed. Positions are 1-based lines and 1-based
// columns counted in Unicode scalars, the way editors and compilers report them.

/// Where a stretch of a paragraph's text starts in the file. A paragraph joined from several
/// hard-wrapped lines has one segment per line.
public struct LineSegment: Equatable, Sendable {
    /// Offset, in Unicode scalars, into the paragraph's `text` where this line's text begins.
    public var textOffset: Int
    public var line: Int
    /// 1-based column (in scalars) of the segment's first scalar in its line.
    public var column: Int

    public init(textOffset: Int, line: Int, column: Int) {
        self.textOffset = textOffset
        self.line = line
        self.column = column
    }
}

public struct Paragraph: Equatable, Sendable {
    public var line: Int
    public var endLine: Int
    public var text: String
    public var segments: [LineSegment]

    public init(line: Int, endLine: Int, text: String, segments: [LineSegment]) {
        self.line = line
        self.endLine = endLine
        self.text = text
        self.segments = segments
    }

    /// File position of the scalar at `offset` in `text`.
    /// Binary search: a paragraph joined from thousands of lines answers as fast as one.
    public func position(ofScalarOffset offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = segments.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].textOffset <= offset { low = mid } else { high = mid - 1 }
        }
        let chosen = segments[low]
        return (chosen.line, chosen.column + max(0, offset - chosen.textOffset))
    }
}

/// An image block: an alt text, usually followed by a caption that may wrap over lines.
public struct Figure: Equatable, Sendable {
    public var line: Int
    public var endLine: Int
    public var altText: Paragraph
    public var caption: Paragraph?
    /// Index of the chapter the figure sits in.
    public var chapter: Int

    public init(line: Int, endLine: Int, altText: Paragraph, caption: Paragraph?, chapter: Int) {
        self.line = line
        self.endLine = endLine
        self.altText = altText
        self.caption = caption
        self.chapter = chapter
    }

    /// What a reader is told the picture shows: the caption, or the alt text when there is none.
    public var displayCaption: String { caption?.text ?? altText.text }
}

public enum Block: Equatable, Sendable {
    case paragraph(Paragraph)
    case figure(Figure)

    public var line: Int {
        switch self {
        case .paragraph(let paragraph): return paragraph.line
        case .figure(let figure): return figure.line
        }
    }

    public var endLine: Int {
        switch self {
        case .paragraph(let paragraph): return paragraph.endLine
        case .figure(let figure): return figure.endLine
        }
    }
}

extension Paragraph {
    /// A section break, not prose: a Markdown rule ("-------", "***") or an asterism
    /// ("*       *       *"), three marks or more of one kind and nothing else.
    public var isSectionBreak: Bool {
        var mark: Unicode.Scalar?
        var marks = 0
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\t" { continue }
            guard "-*_=~".unicodeScalars.contains(scalar), mark == nil || mark == scalar else { return false }
            mark = scalar
            marks += 1
        }
        return marks >= 3
    }
}

public struct Heading: Equatable, Sendable {
    public var line: Int
    public var text: String
    /// 1-based column (in scalars) of `text` on its line: past any indentation.
    public var column: Int
    /// The lines of a title written below its marker ("CHAPTER I" above "Down the
    /// Rabbit-Hole"; a long title may run over two or three): where each is in the file and
    /// where it starts in `text` (after a space).
    public var titleLines: [LineSegment]

    public init(line: Int, text: String, column: Int = 1, titleLine: LineSegment? = nil) {
        self.line = line
        self.text = text
        self.column = column
        self.titleLines = titleLine.map { [$0] } ?? []
    }

    /// The first line of the title below the marker.
    public var titleLine: LineSegment? { titleLines.first }

    public var endLine: Int { titleLines.last?.line ?? line }

    /// The heading as a text unit's paragraph: one segment a line.
    public var paragraph: Paragraph {
        Paragraph(line: line, endLine: endLine, text: text,
                  segments: [LineSegment(textOffset: 0, line: line, column: column)] + titleLines)
    }
}

/// What a chapter holds: the book's text, or what a publisher put around it.
public enum ChapterRole: String, Equatable, Sendable {
    case body
    /// A Project Gutenberg header: everything before "*** START OF".
    case frontMatter = "front matter"
    /// A Project Gutenberg licence: from "*** END OF" on.
    case backMatter = "back matter"
}

public struct Chapter: Equatable, Sendable {
    public var index: Int
    /// nil for the untitled opening section.
    public var heading: Heading?
    /// Paragraphs and figures in reading order.
    public var blocks: [Block]
    /// Front and back matter are shown as the book's text is, but are not its chapters.
    public var role: ChapterRole = .body

    public init(index: Int, heading: Heading?, blocks: [Block], role: ChapterRole = .body) {
        self.index = index
        self.heading = heading
        self.blocks = blocks
        self.role = role
    }

    public var title: String? { heading?.text }
    /// What lists call it: its title, "Opening" for the untitled start of the text, or
    /// "Front matter" / "Back matter".
    public var displayTitle: String {
        if let title { return title }
        switch role {
        case .body: return "Opening"
        case .frontMatter: return "Front matter"
        case .backMatter: return "Back matter"
        }
    }
    /// The heading's line, or the first line of the chapter's content when untitled.
    public var line: Int { heading?.line ?? blocks.first?.line ?? 0 }
    public var endLine: Int { blocks.last?.endLine ?? heading?.endLine ?? line }

    public var paragraphs: [Paragraph] {
        blocks.compactMap { block in
            if case .paragraph(let paragraph) = block { return paragraph }
            return nil
        }
    }

    public var figures: [Figure] {
        blocks.compactMap { block in
            if case .figure(let figure) = block { return figure }
            return nil
        }
    }
}

/// A numbered primary source: `(N) Author, Title (Date)` followed by its text.
public struct Source: Equatable, Sendable {
    public var number: Int
    public var line: Int
    /// The header line without its `(N) ` prefix.
    public var header: String
    /// Column (1-based, scalars) where `header` starts on its line.
    public var headerColumn: Int
    public var author: String?
    public var title: String?
    public var date: String?
    public var paragraphs: [Paragraph]

    public init(number: Int, line: Int, header: String, headerColumn: Int, author: String?, title: String?,
                date: String?, paragraphs: [Paragraph]) {
        self.number = number
        self.line = line
        self.header = header
        self.headerColumn = headerColumn
        self.author = author
        self.title = title
        self.date = date
        self.paragraphs = paragraphs
    }

    public var endLine: Int { paragraphs.last?.endLine ?? line }
}

/// Something the parser noticed but could work around (invalid UTF-8, control characters).
public struct ParseWarning: Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    /// Byte offset into the file, where it applies.
    public var byteOffset: Int?
    public var message: String

    public init(line: Int, byteOffset: Int?, message: String) {
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    public var description: String {
        if let byteOffset { return "line \(line) (byte \(byteOffset)): \(message)" }
        return "line \(line): \(message)"
    }
}

/// How a book's bytes were read. UTF-16 is recognised by its byte order mark only.
public enum TextEncoding: Hashable, Sendable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian

    /// "UTF-16 (little-endian)".
    public var name: String {
        switch self {
        case .utf8: return "UTF-8"
        case .utf16LittleEndian: return "UTF-16 (little-endian)"
        case .utf16BigEndian: return "UTF-16 (big-endian)"
        }
    }
}

extension Document {
    /// A chapter's number among the book's own chapters (a Project Gutenberg header before them
    /// is not one); nil for front or back matter.
    public func chapterNumber(_ index: Int) -> Int? {
        guard chapters.indices.contains(index), chapters[index].role == .body else { return nil }
        return index + 1 - (chapters.first?.role == .frontMatter ? 1 : 0)
    }

    /// Whether a unit is an edition's matter (a Project Gutenberg header or licence): its
    /// dates and people are the publisher's, not the book's.
    public func isEditionMatter(_ unit: TextUnit) -> Bool {
        if case .chapter(let index) = unit.container { return chapters[index].role != .body }
        return false
    }

    /// How many of the chapters are the book's own.
    /// Front matter can only open the book and back matter only close it: counted in constant
    /// time, as the status bar asks every frame.
    public var bodyChapterCount: Int {
        chapters.count - (chapters.first?.role == .frontMatter ? 1 : 0)
            - (chapters.count > 1 && chapters.last?.role == .backMatter ? 1 : 0)
    }

    /// "Ch 3", or "Front" / "Back" for a book's front or back matter: a chapter in a few columns.
    public func shortChapterLabel(_ index: Int) -> String {
        if let number = chapterNumber(index) { return "Ch \(number)" }
        return chapters.indices.contains(index) && chapters[index].role == .backMatter ? "Back" : "Front"
    }

    /// "Chapter 3/25", or "Front matter" / "Back matter"; "Chapter 3" in a book's opening
    /// alone, whose count is not the book's.
    public func chapterLabel(_ index: Int) -> String {
        guard let number = chapterNumber(index) else {
            let role = chapters.indices.contains(index) ? chapters[index].role.rawValue : "chapter"
            return role.prefix(1).uppercased() + role.dropFirst()
        }
        return isOpeningOnly ? "Chapter \(number)" : "Chapter \(number)/\(bodyChapterCount)"
    }
}

public struct Document: Equatable, Sendable {
    public var path: String
    public var title: String
    /// 0 when the file has no text at all.
    public var titleLine: Int
    /// 1-based column of the title on its line (past any indentation).
    public var titleColumn: Int = 1
    public var lineCount: Int
    public var chapters: [Chapter]
    /// The heading that opens the primary sources, when the book has one.
    public var sourcesHeading: Heading?
    /// Text between the sources heading and the first numbered source.
    public var sourcesPreamble: [Paragraph]
    public var sources: [Source]
    public var warnings: [ParseWarning]
    /// The file's encoding: UTF-8, or UTF-16 (with a BOM) transcoded as it was read.
    public var encoding: TextEncoding = .utf8
    /// Lines holding bytes that could not be decoded (each shown as U+FFFD); counted past the
    /// warnings' limit.
    public var linesWithInvalidText = 0
    /// The first chapters of a large book, parsed alone to show while the rest loads
    /// (`BookPreview`): counts of its chapters are not the book's.
    public var isOpeningOnly = false
    /// How the parser read the text (decided from a sample of the book's start).
    public var layout = BookLayout()

    public init(path: String, title: String, titleLine: Int, lineCount: Int, chapters: [Chapter],
                sourcesHeading: Heading?, sourcesPreamble: [Paragraph], sources: [Source],
                warnings: [ParseWarning]) {
        self.path = path
        self.title = title
        self.titleLine = titleLine
        self.lineCount = lineCount
        self.chapters = chapters
        self.sourcesHeading = sourcesHeading
        self.sourcesPreamble = sourcesPreamble
        self.sources = sources
        self.warnings = warnings
    }

    public var figures: [Figure] { chapters.flatMap(\.figures) }

    /// What a reader should be told once about how the text was decoded: UTF-16, or bytes that
    /// were not UTF-8 (shown as U+FFFD). Nil for a clean UTF-8 file.
    public var decodingNotice: String? {
        var parts: [String] = []
        if encoding != .utf8 { parts.append("Read as \(encoding.name)") }
        let n = linesWithInvalidText
        if n > 0 {
            let what = encoding == .utf8 ? "bytes that are not UTF-8" : "broken UTF-16"
            parts.append("\(n) line\(n == 1 ? " has" : "s have") \(what): shown as \u{FFFD}")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// Which part of the book a piece of text belongs to.
public enum Container: Hashable, Sendable {
    /// The title line and anything before the first chapter's content.
    case front
    case chapter(Int)
    /// The primary-sources heading and any text before the first source.
    case sourcesIntro
    case source(Int)
}

public enum TextUnitKind: Hashable, Sendable {
    case title
    case heading
    case paragraph
    case figureAlt
    case figureCaption
    case sourcesHeading
    case sourceHeader
}

/// One run of text in book order: every mention and search hit is addressed as an offset into
/// a unit, so the reader, people and search agree on positions.
public struct TextUnit: Equatable, Sendable {
    /// Index in `Document.units`.
    public var id: Int
    public var kind: TextUnitKind
    public var container: Container
    public var paragraph: Paragraph

    public init(id: Int, kind: TextUnitKind, container: Container, paragraph: Paragraph) {
        self.id = id
        self.kind = kind
        self.container = container
        self.paragraph = paragraph
    }

    public var text: String { paragraph.text }
    public var line: Int { paragraph.line }
}

extension Document {
    /// Every piece of text in book order: title, chapters (heading, paragraphs, figure alt texts
    /// and captions), the sources heading and preamble, then each source (header, paragraphs).
    public func makeUnits() -> [TextUnit] {
        var units: [TextUnit] = []
        func add(_ kind: TextUnitKind, _ container: Container, _ paragraph: Paragraph) {
            units.append(TextUnit(id: units.count, kind: kind, container: container, paragraph: paragraph))
        }
        func single(_ line: Int, _ column: Int, _ text: String) -> Paragraph {
            Paragraph(line: line, endLine: line, text: text,
                      segments: [LineSegment(textOffset: 0, line: line, column: column)])
        }
        if titleLine > 0 { add(.title, .front, single(titleLine, titleColumn, title)) }
        for chapter in chapters {
            if let heading = chapter.heading { add(.heading, .chapter(chapter.index), heading.paragraph) }
            for block in chapter.blocks {
                switch block {
                case .paragraph(let paragraph):
                    add(.paragraph, .chapter(chapter.index), paragraph)
                case .figure(let figure):
                    add(.figureAlt, .chapter(chapter.index), figure.altText)
                    if let caption = figure.caption { add(.figureCaption, .chapter(chapter.index), caption) }
                }
            }
        }
        if let heading = sourcesHeading { add(.sourcesHeading, .sourcesIntro, single(heading.line, heading.column, heading.text)) }
        for paragraph in sourcesPreamble { add(.paragraph, .sourcesIntro, paragraph) }
        for (index, source) in sources.enumerated() {
            add(.sourceHeader, .source(index), single(source.line, source.headerColumn, source.header))
            for paragraph in source.paragraphs { add(.paragraph, .source(index), paragraph) }
        }
        return units
    }
}
