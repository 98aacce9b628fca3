import IskraCore
import TextUI

public enum Pane: Hashable, Sendable {
    case navigator
    case reader
}

public enum NavigatorTab: Int, CaseIterable, Hashable, Sendable {
    case chapters
    case people
    case sources

    public var label: String {
        switch self {
        case .chapters: return "Chapters"
        case .people: return "People"
        case .sources: return "Sources"
        }
    }
}

/// What the reader shows: one chapter or one primary source at a time.
public enum Page: Hashable, Sendable {
    case chapter(Int)
    case source(Int)
}

/// A place to come back to: a page and the text at the top of the reader.
public struct Place: Hashable, Sendable {
    public var page: Page
    public var anchor: ReaderAnchor

    public init(page: Page, anchor: ReaderAnchor) {
        self.page = page
        self.anchor = anchor
    }
}

public enum ExplorerOverlay: Hashable, Sendable {
    case help(scroll: Int)
    /// Typing the label of a new bookmark in the status bar.
    case bookmarkLabel(String)
    /// The bookmarks list, with the selected row.
    case bookmarks(selection: Int)
}

/// The whole state of the explorer. Changed only by `reduce`.
public struct AppState: Sendable {
    public let book: Book
    public var size: Size

    public var focus: Pane = .navigator
    public var tab: NavigatorTab = .chapters
    public var chapterSelection = 0
    public var sourceSelection = 0
    public var chapterListOffset = 0
    public var sourceListOffset = 0

    public var page: Page
    /// The page laid out at the reader's current width (derived; rebuilt on page or width change).
    public var reader: ReaderLayout
    /// Index of the reader line shown at the top.
    public var readerTop = 0
    /// The text that was at the top when a series of resizes began.
    public var resizeAnchor: ReaderAnchor?

    public var back: [Place] = []
    public var forward: [Place] = []
    public var overlay: ExplorerOverlay?
    /// A one-off message shown in the status bar until the next key.
    public var notice: String?
    /// Bookmarks and search history from the state file (see Bookmarks.swift).
    public var saved = SavedState()

    public init(book: Book, size: Size, page: Page? = nil) {
        self.book = book
        self.size = size
        let first = page ?? (book.document.chapters.isEmpty
            ? (book.document.sources.isEmpty ? .chapter(0) : .source(0)) : .chapter(0))
        self.page = first
        self.reader = ReaderLayout(book: book, page: first, width: ExplorerGeometry(size: size, focus: .navigator).readerTextWidth)
        if book.document.chapters.isEmpty && !book.document.sources.isEmpty { tab = .sources }
    }

    public var document: Document { book.document }
    public var geometry: ExplorerGeometry { ExplorerGeometry(size: size, focus: focus) }

    public var readerHeight: Int { geometry.reader.height }
    public var maxReaderTop: Int { max(0, reader.lines.count - readerHeight) }

    /// The text at the top of the reader, stable across re-wrapping.
    public var readerAnchor: ReaderAnchor { reader.anchor(forLine: readerTop) }

    public var place: Place { Place(page: page, anchor: readerAnchor) }

    public var chapterCount: Int { document.chapters.count }
    public var sourceCount: Int { document.sources.count }
}

/// The document with what the views need precomputed once: its text units and which units
/// belong to which page.
public struct Book: Sendable {
    public let document: Document
    public let units: [TextUnit]
    public let chapterUnits: [Range<Int>]
    public let sourceUnits: [Range<Int>]
    /// The sources heading and any text before the first source.
    public let sourcesIntroUnits: Range<Int>
    /// Author, work and date inside each source header, by unit id, so the header is drawn
    /// once with its fields styled in place.
    public let headerFields: [Int: [StyledRange]]

    public init(document: Document) {
        self.document = document
        let units = document.makeUnits()
        self.units = units
        var chapters = [Range<Int>](repeating: 0..<0, count: document.chapters.count)
        var sources = [Range<Int>](repeating: 0..<0, count: document.sources.count)
        var intro: Range<Int> = 0..<0
        func extend(_ range: Range<Int>, _ id: Int) -> Range<Int> {
            range.isEmpty ? id..<(id + 1) : range.lowerBound..<(id + 1)
        }
        for unit in units {
            switch unit.container {
            case .front: break
            case .chapter(let index): chapters[index] = extend(chapters[index], unit.id)
            case .sourcesIntro: intro = extend(intro, unit.id)
            case .source(let index): sources[index] = extend(sources[index], unit.id)
            }
        }
        self.chapterUnits = chapters
        self.sourceUnits = sources
        self.sourcesIntroUnits = intro
        var fields: [Int: [StyledRange]] = [:]
        for (index, source) in document.sources.enumerated() where !sources[index].isEmpty {
            fields[sources[index].lowerBound] = Book.fieldRanges(source)
        }
        self.headerFields = fields
    }

    static func fieldRanges(_ source: Source) -> [StyledRange] {
        let header = Array(source.header.unicodeScalars)
        var ranges: [StyledRange] = []
        var searchFrom = 0
        func locate(_ field: String?, _ role: LineRole) {
            guard let field else { return }
            let needle = Array(field.unicodeScalars)
            guard !needle.isEmpty, needle.count <= header.count else { return }
            var start = searchFrom
            while start + needle.count <= header.count {
                if Array(header[start..<(start + needle.count)]) == needle {
                    ranges.append(StyledRange(start..<(start + needle.count), role))
                    searchFrom = start + needle.count
                    return
                }
                start += 1
            }
        }
        locate(source.author, .sourceAuthor)
        locate(source.title, .sourceWork)
        locate(source.date, .sourceDate)
        return ranges
    }

    /// Pages in reading order: chapters, then sources.
    public var pageCount: Int { document.chapters.count + document.sources.count }

    public func pageIndex(_ page: Page) -> Int {
        switch page {
        case .chapter(let index): return index
        case .source(let index): return document.chapters.count + index
        }
    }

    public func page(atIndex index: Int) -> Page? {
        guard index >= 0, index < pageCount else { return nil }
        return index < document.chapters.count ? .chapter(index) : .source(index - document.chapters.count)
    }

    public func isValid(_ page: Page) -> Bool {
        switch page {
        case .chapter(let index): return index >= 0 && index < document.chapters.count
        case .source(let index): return index >= 0 && index < document.sources.count
        }
    }

    /// "Chapter 3/25" or "Source 16/44".
    public func pageLabel(_ page: Page) -> String {
        switch page {
        case .chapter(let index): return "Chapter \(index + 1)/\(document.chapters.count)"
        case .source(let index): return "Source \(index + 1)/\(document.sources.count)"
        }
    }

    public func pageTitle(_ page: Page) -> String {
        switch page {
        case .chapter(let index):
            guard index < document.chapters.count else { return "" }
            return document.chapters[index].title ?? "Opening"
        case .source(let index):
            guard index < document.sources.count else { return "" }
            return sourceListTitle(document.sources[index])
        }
    }

    /// "J. T. Murphy: The Errors of Trotskyism" when the header has fields, else the header.
    public func sourceListTitle(_ source: Source) -> String {
        if let author = source.author, let title = source.title { return "\(author): \(title)" }
        return source.header
    }
}

/// A stretch of a unit's text (scalar offsets) drawn in a role's style.
public struct StyledRange: Hashable, Sendable {
    public var range: Range<Int>
    public var role: LineRole
    public init(_ range: Range<Int>, _ role: LineRole) {
        self.range = range
        self.role = role
    }
}
