import IskraCore
import Synchronization
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

/// What the reader shows: one chapter, one primary source, a person's card with every
/// mention, or the passages that name two people.
public enum Page: Hashable, Sendable {
    case chapter(Int)
    case source(Int)
    case person(Int)
    /// The passages naming both people, as mention lines of the first (opened from the "Named
    /// with" rows of their card).
    case shared(Int, with: Int)

    /// A chapter or a source; the others are lists whose lines are chosen with a cursor.
    public var isText: Bool {
        switch self {
        case .chapter, .source: return true
        case .person, .shared: return false
        }
    }
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
    /// The people named on the screen (`p`), to open one's card.
    case peopleOnScreen(people: [Int], selection: Int)
    /// Typing the label of a new bookmark in the status bar.
    case bookmarkLabel(String)
    /// The bookmarks list, with the selected row.
    case bookmarks(selection: Int)
}

/// How a navigator list is ordered. Each list offers its own (`NavigatorTab.orders`).
public enum ListOrder: Hashable, Sendable {
    /// Book order: chapters and sources by number.
    case book
    /// People: most mentioned first.
    case mentions
    /// People: by last name.
    case name
    /// Sources: by the date in their header, undated ones last.
    case date
    /// Sources: by author's last name, anonymous ones last.
    case author

    public var label: String {
        switch self {
        case .book: return "by number"
        case .mentions: return "by mentions"
        case .name: return "by name"
        case .date: return "by date"
        case .author: return "by author"
        }
    }
}

extension NavigatorTab {
    /// The orders `s` cycles through, the first being the one a list starts in.
    public var orders: [ListOrder] {
        switch self {
        case .chapters: return [.book]
        case .people: return [.mentions, .name]
        case .sources: return [.book, .date, .author]
        }
    }

    /// What a row of this list stands for, in the plural: "chapters", "people", "sources".
    public var itemsName: String {
        switch self {
        case .chapters: return "chapters"
        case .people: return "people"
        case .sources: return "sources"
        }
    }
}

/// One navigator list: its rows in order (filtered), the selected row, the scroll offset, and
/// the filter being typed. The same component serves Chapters, People and Sources.
public struct NavigatorList: Hashable, Sendable {
    /// Items shown (chapter, person or source indices), in list order; derived from `order`
    /// and `filter`, rebuilt when either changes.
    public var rows: [Int]
    /// Index into `rows`.
    public var selection = 0
    public var offset = 0
    public var order: ListOrder
    /// Typed with `f`; empty shows everything.
    public var filter = ""
    public var isFiltering = false

    /// The order the list starts in; any other is named above the rows.
    public let defaultOrder: ListOrder

    public init(rows: [Int], order: ListOrder) {
        self.rows = rows
        self.order = order
        self.defaultOrder = order
    }

    /// The item on the selected row, if the list has any.
    public var selectedItem: Int? { rows.indices.contains(selection) ? rows[selection] : nil }

    /// Whether the list's first row is a caption: the filter being typed or kept, or an order
    /// other than the list's own, so a sorted or filtered list always says so.
    public var showsCaption: Bool { isFiltering || !filter.isEmpty || order != defaultOrder }
}

/// What `n` and `N` step through: the passages of the last search, a person's mentions, or
/// the passages naming two people (-1: none opened yet).
public enum Stepping: Hashable, Sendable {
    case search(passage: Int)
    case person(Int, mention: Int)
    case shared(Int, with: Int, passage: Int)
}

/// The whole state of the explorer. Changed only by `reduce`.
public struct AppState: Sendable {
    public let book: Book
    public var size: Size

    public var focus: Pane = .navigator
    public var tab: NavigatorTab = .chapters
    public var chapterList: NavigatorList
    public var personList: NavigatorList
    public var sourceList: NavigatorList
    /// Columns the navigator was widened (positive) or narrowed by with `>` and `<`.
    public var navigatorAdjustment = 0

    /// On a person's card, the selected mention line.
    public var readerCursor: Int?
    /// The last chapter or source read, for "where am I" marks on person cards.
    public var readingPage: Page

    /// The search line while `/` is open.
    public var search: SearchSession?
    /// The results that highlights and `n`/`N` use after a search was left with Enter.
    public var activeResults: SearchResults?
    public var stepping: Stepping?
    /// The span shown as "current": the hit or mention jumped to.
    public var focusSpan: FocusSpan?
    /// Earlier queries, newest last.
    public var searchHistory: [String] = []
    /// The runtime is still building the search index (a large book): search takes queries
    /// and shows that it is indexing instead of waiting; `.searchReady` ends it.
    public var searchPending = false

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
        self.readingPage = first
        self.chapterList = NavigatorList(rows: book.listRows(.chapters, order: .book, filter: ""), order: .book)
        self.personList = NavigatorList(rows: book.listRows(.people, order: .mentions, filter: ""), order: .mentions)
        self.sourceList = NavigatorList(rows: book.listRows(.sources, order: .book, filter: ""), order: .book)
        self.reader = ReaderLayout(book: book, page: first, width: ExplorerGeometry(
            size: size, focus: .navigator, naturalNavigatorWidth: book.naturalNavigatorWidth).readerTextWidth)
        if book.document.chapters.isEmpty && !book.document.sources.isEmpty { tab = .sources }
    }

    /// The list a tab shows.
    public subscript(list tab: NavigatorTab) -> NavigatorList {
        get {
            switch tab {
            case .chapters: return chapterList
            case .people: return personList
            case .sources: return sourceList
            }
        }
        set {
            switch tab {
            case .chapters: chapterList = newValue
            case .people: personList = newValue
            case .sources: sourceList = newValue
            }
        }
    }

    /// The list the navigator shows.
    public var currentList: NavigatorList {
        get { self[list: tab] }
        set { self[list: tab] = newValue }
    }

    public var document: Document { book.document }
    public var geometry: ExplorerGeometry {
        ExplorerGeometry(size: size, focus: focus, naturalNavigatorWidth: book.naturalNavigatorWidth,
                         adjustment: navigatorAdjustment)
    }

    public var readerHeight: Int { geometry.reader.height }
    public var maxReaderTop: Int { max(0, reader.lines.count - readerHeight) }

    /// The text at the top of the reader, stable across re-wrapping.
    public var readerAnchor: ReaderAnchor { reader.anchor(forLine: readerTop) }

    public var place: Place { Place(page: page, anchor: readerAnchor) }

    /// The place in the text: where the reader is, or on a person's card the page read last.
    public var textPlace: Place { page.isText ? place : Place(page: readingPage, anchor: .top) }

    public var chapterCount: Int { document.chapters.count }
    public var sourceCount: Int { document.sources.count }
}

/// A stretch of a unit styled as the current hit or mention.
public struct FocusSpan: Hashable, Sendable {
    public var unit: Int
    public var range: Range<Int>
    public init(unit: Int, range: Range<Int>) {
        self.unit = unit
        self.range = range
    }
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

    public let people: PeopleIndex
    /// False when the people were proposed automatically (the book has no register).
    public let peopleVerified: Bool
    /// Built on first use (or warmed in the background by the runtime), so the first frame
    /// does not wait for it.
    public var search: SearchIndex { searchIndex.value }
    private let searchIndex: Lazy<SearchIndex>
    /// People's names folded for search: built with the search index, not before the first frame.
    var personCandidates: PreparedCandidates { preparedCandidates.value }

    /// Builds what search needs (the index, people's folded names); the runtime calls this in
    /// the background after the first frame so that the first `/` is instant.
    public func prepareSearch() {
        _ = search
        _ = personCandidates
    }

    /// Whether search can answer without waiting (never blocks).
    public var isSearchReady: Bool { searchIndex.isReady && preparedCandidates.isReady }
    private let preparedCandidates: Lazy<PreparedCandidates>
    /// The People list by mentions; by name and each person's lowercased forms (for filtering
    /// as the reader types) are made when first asked for, not before the first frame.
    private let byMentions: [Int]
    private let namesAndForms: Lazy<NamesAndForms>
    struct NamesAndForms: Sendable {
        var byName: [Int]
        var lowercasedForms: [[String]]
    }
    /// Columns taken by the largest mention count, so the People list's counts line up.
    public let mentionCountWidth: Int

    /// Units longer than `TextPieces.threshold` (a book without line breaks is one paragraph
    /// of megabytes) cut into pieces, by unit id: the reader lays out only the pieces around
    /// the reading position, and an offset in them is found from the nearest piece start.
    public let pieces: [Int: TextPieces]
    /// The ids of the pieced units in order, and how many pieces beyond one each of them and
    /// those before it have (so every piece of the book has a number: see `firstPiece`).
    private let piecedUnits: [Int]
    private let extraPiecesThrough: [Int]

    /// `register` nil: people are proposed from the text and marked unverified.
    public init(document: Document, register: PeopleRegister? = nil) {
        self.init(document: document, prepared: register.map(PreparedRegister.init))
    }

    /// `prepared` nil: people are proposed from the text and marked unverified.
    public init(document: Document, prepared: PreparedRegister?) {
        self.document = document
        let units = document.makeUnits()
        self.units = units
        var pieces: [Int: TextPieces] = [:]
        var piecedUnits: [Int] = [], extra: [Int] = []
        for unit in units where unit.text.utf8.count > TextPieces.threshold {
            guard let cut = TextPieces.make(unit.text) else { continue }
            pieces[unit.id] = cut
            piecedUnits.append(unit.id)
            extra.append((extra.last ?? 0) + cut.count - 1)
        }
        self.pieces = pieces
        self.piecedUnits = piecedUnits
        self.extraPiecesThrough = extra
        let usedRegister = prepared ?? PreparedRegister(
            PeopleSuggester.register(from: PeopleSuggester.suggest(units: Book.sample(units))))
        self.peopleVerified = prepared != nil
        let found = PeopleIndex(units: units, prepared: usedRegister, sources: document.sources)
        // A register lists whom its author chose; proposals the text never names are noise.
        self.people = prepared == nil ? found.droppingUnmentioned() : found
        let people = self.people
        byMentions = people.people.indices.sorted {
            let a = people.mentionCount(of: $0), b = people.mentionCount(of: $1)
            return a != b ? a > b : people.people[$0].name < people.people[$1].name
        }
        let registered = people.people
        namesAndForms = Lazy {
            let sortKeys = registered.map { Book.lastNameKey($0.name) }
            return NamesAndForms(byName: registered.indices.sorted { sortKeys[$0] < sortKeys[$1] },
                                 lowercasedForms: registered.map { $0.forms.map { $0.lowercased() } })
        }
        mentionCountWidth = String(people.people.indices.map { people.mentionCount(of: $0) }.max() ?? 0).count
        let candidates = people.people.map { PersonCandidate(name: $0.name, aliases: $0.aliases) }
        self.preparedCandidates = Lazy { PreparedCandidates(candidates) }
        self.searchIndex = Lazy { SearchIndex(document: document, units: units) }
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
        // Marker, number or count and a space, then the text, then a scrollbar column.
        let numbers = String(max(document.chapters.count, document.sources.count)).count + 3
        let chapterWidth = numbers + (document.chapters.map { DisplayWidth.of($0.title ?? "Opening") }.max() ?? 0)
        let personWidth = mentionCountWidth + 2 + (people.people.map { DisplayWidth.of($0.name) + 2 }.max() ?? 0)
        let sourceWidth = numbers + (document.sources.map { source in
            DisplayWidth.of(source.author.map { author in
                author + (source.title.map { ": " + $0 } ?? "") + (source.date.map { " · " + compactDate($0) } ?? "")
            } ?? source.header)
        }.max() ?? 0)
        naturalNavigatorWidth = NavigatorWidths(names: max(chapterWidth, personWidth) + 1,
                                                everything: max(chapterWidth, personWidth, sourceWidth) + 1)
    }

    // MARK: Pieces

    /// How many pieced units come before unit `unit`.
    private func piecedUnitsBefore(_ unit: Int) -> Int {
        var low = 0, high = piecedUnits.count
        while low < high {
            let mid = (low + high) / 2
            if piecedUnits[mid] < unit { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The number of unit `unit`'s first piece: every unit is one piece, a long one several,
    /// numbered in book order (`units.count` gives the number past the last piece).
    public func firstPiece(ofUnit unit: Int) -> Int {
        let before = piecedUnitsBefore(unit)
        return unit + (before == 0 ? 0 : extraPiecesThrough[before - 1])
    }

    public func pieceCount(ofUnit unit: Int) -> Int { pieces[unit]?.count ?? 1 }

    /// The piece holding scalar `offset` of unit `unit`.
    public func piece(ofUnit unit: Int, offset: Int) -> Int {
        firstPiece(ofUnit: unit) + (pieces[unit]?.piece(containing: offset) ?? 0)
    }

    /// The unit piece number `piece` belongs to, and which of its pieces it is.
    public func locate(piece: Int) -> (unit: Int, index: Int) {
        // The last pieced unit whose first piece is at or before `piece`.
        var low = 0, high = piecedUnits.count
        while low < high {
            let mid = (low + high) / 2
            let first = piecedUnits[mid] + (mid == 0 ? 0 : extraPiecesThrough[mid - 1])
            if first <= piece { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return (piece, 0) }
        let k = low - 1
        let first = piecedUnits[k] + (k == 0 ? 0 : extraPiecesThrough[k - 1])
        let count = extraPiecesThrough[k] - (k == 0 ? 0 : extraPiecesThrough[k - 1]) + 1
        if piece < first + count { return (piecedUnits[k], piece - first) }
        return (piece - extraPiecesThrough[k], 0)
    }

    /// Scalar offsets of piece `index` of unit `unit` (the whole text for a unit in one piece).
    public func scalarRange(ofUnit unit: Int, piece index: Int) -> Range<Int>? {
        pieces[unit]?.scalarRange(ofPiece: index)
    }

    /// The index of scalar `offset` in unit `unit`'s text (clamped to its end): from the
    /// nearest piece start in a long unit, so it never walks megabytes.
    public func index(ofScalar offset: Int, inUnit unit: Int) -> String.Index {
        let text = units[unit].text
        if let cut = pieces[unit] { return cut.index(ofScalar: offset, in: text) }
        let view = text.unicodeScalars
        return view.index(view.startIndex, offsetBy: max(0, offset), limitedBy: view.endIndex) ?? view.endIndex
    }

    /// Unit `unit`'s length in scalars.
    public func scalarCount(ofUnit unit: Int) -> Int {
        pieces[unit]?.scalarCount ?? units[unit].text.unicodeScalars.count
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

    /// Text enough to propose people from: the first units up to a few megabytes. A huge book
    /// names its people early on; the matcher then finds their mentions everywhere. A unit
    /// that runs past the limit (a book without line breaks is one paragraph) is cut there,
    /// after a space, so proposing costs the same however the text is divided.
    static func sample(_ units: [TextUnit], bytes limit: Int = 4 << 20) -> [TextUnit] {
        var total = 0
        var sample: [TextUnit] = []
        for unit in units {
            guard total < limit else { break }
            let size = unit.text.utf8.count
            if total + size <= limit {
                sample.append(unit)
                total += size
                continue
            }
            var cut = unit
            let text = unit.text
            var end = text.utf8Index(limit - total)
            // Back to the last space before the limit (or at least to a scalar's start).
            let utf8 = text.utf8
            var back = end
            while back > utf8.startIndex && utf8[utf8.index(before: back)] != 0x20 && utf8.distance(from: back, to: end) < 256 {
                back = utf8.index(before: back)
            }
            if back > utf8.startIndex && utf8[utf8.index(before: back)] == 0x20 { end = back }
            while end > utf8.startIndex && end < utf8.endIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
            cut.paragraph.text = String(text[..<end])
            sample.append(cut)
            break
        }
        return sample
    }

    /// A list's items in order, keeping those whose text contains every typed word
    /// (case-insensitive): a chapter's number and title, a source's number and header, a
    /// person's name or any form the text uses for them.
    public func listRows(_ tab: NavigatorTab, order: ListOrder, filter: String) -> [Int] {
        let words = filter.lowercased().split(separator: " ")
        func keeping(_ items: [Int], _ text: (Int) -> [String]) -> [Int] {
            guard !words.isEmpty else { return items }
            return items.filter { item in
                let texts = text(item)
                return words.allSatisfy { word in texts.contains { $0.contains(word) } }
            }
        }
        switch tab {
        case .chapters:
            return keeping(Array(document.chapters.indices)) { index in
                ["\(index + 1) " + (document.chapters[index].title ?? "Opening").lowercased()]
            }
        case .sources:
            let sources = document.sources
            var items = Array(sources.indices)
            switch order {
            case .date: items = Book.sortedMissingLast(items, keys: sources.map { $0.date.flatMap(DateKey.init) })
            case .author: items = Book.sortedMissingLast(items, keys: sources.map { $0.author.map(Book.lastNameKey) })
            case .book, .mentions, .name: break
            }
            return keeping(items) { index in ["\(sources[index].number) " + sources[index].header.lowercased()] }
        case .people:
            let list = order == .name ? namesAndForms.value.byName : byMentions
            guard !words.isEmpty else { return list }
            let forms = namesAndForms.value.lowercasedForms
            return keeping(list) { forms[$0] }
        }
    }

    /// `items` by their keys; those without one last; ties in their order.
    static func sortedMissingLast<Key: Comparable>(_ items: [Int], keys: [Key?]) -> [Int] {
        items.sorted { a, b in
            switch (keys[a], keys[b]) {
            case let (x?, y?): return x != y ? x < y : a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
    }

    /// "Leon Trotsky" sorts under T: by the last word, then the whole name.
    static func lastNameKey(_ name: String) -> String {
        let last = name.split(separator: " ").last.map(String.init) ?? name
        return (last + " " + name).lowercased()
    }

    /// Columns the navigator's rows would take to show them whole, so that a wide terminal
    /// gives titles, not padding, the room.
    public let naturalNavigatorWidth: NavigatorWidths

    /// The page that shows a unit.
    public func page(ofUnit unit: Int) -> Page {
        switch units[unit].container {
        case .front: return .chapter(0)
        case .chapter(let index): return .chapter(index)
        case .sourcesIntro: return .source(0)
        case .source(let index): return .source(index)
        }
    }

    /// "Ch 3" or "Src 16": where a unit is, in a few columns.
    public func shortLabel(ofUnit unit: Int) -> String {
        switch units[unit].container {
        case .front: return "Title"
        case .chapter(let index): return "Ch \(index + 1)"
        case .sourcesIntro: return "Src"
        case .source(let index): return "Src \(document.sources[index].number)"
        }
    }

    /// Pages in reading order: chapters, then sources.
    public var pageCount: Int { document.chapters.count + document.sources.count }

    public func pageIndex(_ page: Page) -> Int {
        switch page {
        case .chapter(let index): return index
        case .source(let index): return document.chapters.count + index
        case .person, .shared: return -1
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
        case .person(let index): return index >= 0 && index < people.people.count
        case .shared(let index, let other):
            return index >= 0 && index < people.people.count && other >= 0 && other < people.people.count
        }
    }

    /// "Chapter 3/25" or "Source 16/44".
    public func pageLabel(_ page: Page) -> String {
        switch page {
        case .chapter(let index): return "Chapter \(index + 1)/\(document.chapters.count)"
        case .source(let index): return "Source \(index + 1)/\(document.sources.count)"
        case .person: return "Person"
        case .shared: return "Together"
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
        case .person(let index):
            guard index < people.people.count else { return "" }
            return people.people[index].name
        case .shared(let index, let other):
            guard index < people.people.count, other < people.people.count else { return "" }
            return people.people[index].name + " & " + people.people[other].name
        }
    }

    /// "J. T. Murphy: The Errors of Trotskyism" when the header has fields, else the header.
    public func sourceListTitle(_ source: Source) -> String {
        if let author = source.author, let title = source.title { return "\(author): \(title)" }
        return source.header
    }
}

/// What the navigator's rows want, in columns: `names` to show every chapter title and
/// person's name whole (cut, they are hard to recognise), `everything` to show the sources'
/// authors, titles and dates whole too (they are made to fit when cut).
public struct NavigatorWidths: Hashable, Sendable {
    public var names: Int
    public var everything: Int
    public init(names: Int, everything: Int) {
        self.names = names
        self.everything = everything
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

/// A value computed once, on first use, from any thread.
final class Lazy<Value: Sendable>: Sendable {
    private let state: Mutex<Value?> = Mutex(nil)
    /// Set once the value is stored: asking does not wait for a computation in progress.
    private let ready = Atomic<Bool>(false)
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    var value: Value {
        state.withLock { stored in
            if let stored { return stored }
            let made = make()
            stored = made
            ready.store(true, ordering: .releasing)
            return made
        }
    }

    var isReady: Bool { ready.load(ordering: .acquiring) }
}
