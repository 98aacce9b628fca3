import IskraCore
import TextUI

enum Pane: Hashable, Sendable {
    case navigator
    case reader
}

public enum NavigatorTab: Int, CaseIterable, Hashable, Sendable {
    case chapters
    case people
    case sources
    case timeline
    case notes

    var label: String {
        switch self {
        case .chapters: return "Chapters"
        case .people: return "People"
        case .sources: return "Sources"
        case .timeline: return "Timeline"
        case .notes: return "Notes"
        }
    }

    /// The label when the full ones do not fit.
    var shortLabel: String {
        switch self {
        case .chapters: return "Chap"
        case .people: return "Ppl"
        case .sources: return "Src"
        case .timeline: return "Time"
        case .notes: return "Note"
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
    /// A source's card: who wrote it, when, what it is, and where the narrative quotes it.
    case sourceCard(Int)

    /// A chapter or a source; the others are lists whose lines are chosen with a cursor.
    var isText: Bool {
        switch self {
        case .chapter, .source: return true
        case .person, .shared, .sourceCard: return false
        }
    }
}

/// A place to come back to: a page and the text at the top of the reader.
public struct Place: Hashable, Sendable {
    public var page: Page
    public var anchor: ReaderAnchor

    init(page: Page, anchor: ReaderAnchor) {
        self.page = page
        self.anchor = anchor
    }
}

enum ExplorerOverlay: Hashable, Sendable {
    case help(scroll: Int)
    /// The people named on the screen (`p`), to open one's card.
    case peopleOnScreen(people: [Int], selection: Int)
    /// Typing the label of a new bookmark in the status bar.
    case bookmarkLabel(LineEditor)
    /// The bookmarks list, with the selected row.
    case bookmarks(selection: Int)
    /// The links of the paragraph at the reading position, to choose which to follow (`x`):
    /// indices into `SourceCatalog.links`.
    case links([Int], selection: Int)
    /// A citation the terminal could not take on its clipboard, shown to select by hand.
    case citation(String)
    /// Typing a note's words in the status bar.
    case noteText(LineEditor, NoteTarget)
}

/// How a navigator list is ordered (`NavigatorTab.orders`), or on the Timeline, which kinds
/// of dates it shows (always in time order).
enum ListOrder: Hashable, Sendable {
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
    /// Timeline: every date; only events; only sources' dates; only works' publication years.
    case allDates
    case events
    case sourceDates
    case publications

    var label: String {
        switch self {
        case .book: return "by number"
        case .mentions: return "by mentions"
        case .name: return "by name"
        case .date: return "by date"
        case .author: return "by author"
        case .allDates: return "all dates"
        case .events: return "events only"
        case .sourceDates: return "sources' dates only"
        case .publications: return "publications only"
        }
    }
}

extension NavigatorTab {
    /// The orders `s` cycles through, the first being the one a list starts in.
    var orders: [ListOrder] {
        switch self {
        case .chapters: return [.book]
        case .people: return [.mentions, .name]
        case .sources: return [.book, .date, .author]
        case .timeline: return [.allDates, .events, .sourceDates, .publications]
        case .notes: return [.book]
        }
    }

    /// What a row of this list stands for, in the plural: "chapters", "people", "sources".
    var itemsName: String {
        switch self {
        case .chapters: return "chapters"
        case .people: return "people"
        case .sources: return "sources"
        case .timeline: return "dates"
        case .notes: return "notes"
        }
    }
}

/// One navigator list: its rows in order (filtered), the selected row, the scroll offset, and
/// the filter being typed. The same component serves Chapters, People and Sources.
struct NavigatorList: Hashable, Sendable {
    /// Items shown (chapter, person or source indices), in list order; derived from `order`
    /// and `filter`, rebuilt when either changes.
    var rows: [Int]
    /// Index into `rows`.
    var selection = 0
    var offset = 0
    var order: ListOrder
    /// Typed with `f`; empty shows everything.
    /// The filter's line being typed (or kept); `filter` is its text.
    var filterLine = LineEditor(limit: 120)
    var filter: String {
        get { filterLine.text }
        set { filterLine.set(newValue) }
    }
    var isFiltering = false

    /// The order the list starts in; any other is named above the rows.
    let defaultOrder: ListOrder

    init(rows: [Int], order: ListOrder) {
        self.rows = rows
        self.order = order
        self.defaultOrder = order
    }

    /// The item on the selected row, if the list has any.
    var selectedItem: Int? { rows.indices.contains(selection) ? rows[selection] : nil }

    /// Whether the list's first row is a caption: the filter being typed or kept, or an order
    /// other than the list's own, so a sorted or filtered list always says so.
    var showsCaption: Bool { isFiltering || !filter.isEmpty || order != defaultOrder }
}

/// What `n` and `N` step through: the passages of the last search, a person's mentions, or
/// the passages naming two people (-1: none opened yet).
enum Stepping: Hashable, Sendable {
    case search(passage: Int)
    case person(Int, mention: Int)
    case shared(Int, with: Int, passage: Int)
}

/// The whole state of the explorer. Changed only by `reduce`.
public struct AppState: Sendable {
    public let book: Book
    public var size: Size

    var focus: Pane = .navigator
    var tab: NavigatorTab = .chapters
    var chapterList: NavigatorList
    var personList: NavigatorList
    var sourceList: NavigatorList
    var timelineList = NavigatorList(rows: [], order: .allDates)
    var notesList = NavigatorList(rows: [], order: .book)
    /// The notes and highlights of the state file, placed in the book (see Notes.swift).
    var notes = NotesState()
    /// Words being chosen with `v`, to note or cite.
    var textSelection: TextSelection?
    /// Every date the book states, once read (in the background, with the sources' catalog:
    /// `.datesReady`); each chapter's span of event years for the Chapters list.
    var dates: BookDates?
    var chapterSpans: [String?] = []
    /// The book's own details for citations (its sidecar), and the style `y` copies in.
    var metadata = BookMetadata()
    var citationStyle = CitationStyle.chicagoNote
    /// `#`: each paragraph's number (the ¶ N of citations) in the reader's margin.
    var showsParagraphNumbers = false
    /// The Timeline narrowed to the paragraphs naming one person (`t` on their card).
    var timelinePerson: Int?
    /// Digits typed on the Timeline: the year being gone to.
    var typedYear = ""
    /// Columns the navigator was widened (positive) or narrowed by with `>` and `<`.
    var navigatorAdjustment = 0
    /// What the navigator's rows want, measured once (see `Book.naturalNavigatorWidths`) and
    /// again when the sources' metadata arrives.
    var navigatorWidths: NavigatorWidths

    /// On a person's card, the selected mention line.
    var readerCursor: Int?
    /// The last chapter or source read, for "where am I" marks on person cards.
    var readingPage: Page

    /// The search line while `/` is open.
    public var search: SearchSession?
    /// The results that highlights and `n`/`N` use after a search was left with Enter.
    var activeResults: SearchResults?
    var stepping: Stepping?
    /// The span shown as "current": the hit or mention jumped to.
    var focusSpan: FocusSpan?
    /// Earlier queries, newest last.
    var searchHistory: [String] = []
    /// The search index, once built: the runtime builds it in the background after the first
    /// frame and hands it over with `.searchReady`. Until then search takes queries and says
    /// it is indexing (there is no index to wait for by mistake).
    var bookSearch: BookSearch?

    /// Whether everything derived in the background is in: the search index, the sources'
    /// catalog and the dates.
    public var hasEveryPart: Bool { bookSearch != nil && evidence != nil && dates != nil }
    /// The sources' metadata and their links with the narrative, once built (in the
    /// background, like the index: `.sourcesReady`). Until then the Sources list shows the
    /// headers as written, and cards and links say they are coming.
    var evidence: Evidence?
    /// The link followed last (`x`, or a card's row): its shared words are highlighted on both
    /// sides. Index into `SourceCatalog.links`.
    var followedLink: Int?
    /// `|` on a wide screen: the source linked to the reading position beside the story.
    var split: SourcePeek?

    public var page: Page
    /// The page laid out at the reader's current width (derived; rebuilt on page or width change).
    var reader: ReaderLayout
    /// Index of the reader line shown at the top.
    public var readerTop = 0
    /// The text that was at the top when a series of resizes began.
    var resizeAnchor: ReaderAnchor?

    var back: [Place] = []
    var forward: [Place] = []
    var overlay: ExplorerOverlay?
    /// A one-off message shown in the status bar until the next key.
    var notice: String?
    /// Bookmarks and search history from the state file (see Bookmarks.swift).
    var saved = SavedState()

    /// `search`: the book's search index if it is already built (nil: `.searchReady` brings it).
    /// `catalog`: the sources' metadata and links if already built (nil: `.sourcesReady` brings them).
    public init(book: Book, size: Size, page: Page? = nil, search: BookSearch? = nil, catalog: SourceCatalog? = nil) {
        self.book = book
        self.bookSearch = search
        self.evidence = catalog.map { Evidence($0, book: book) }
        self.size = size
        let first = page ?? (book.document.chapters.isEmpty
            ? (book.document.sources.isEmpty ? .chapter(0) : .source(0)) : .chapter(0))
        self.page = first
        self.readingPage = first
        self.navigatorWidths = book.naturalNavigatorWidths(evidence: evidence)
        self.chapterList = NavigatorList(rows: book.listRows(.chapters, order: .book, filter: ""), order: .book)
        self.personList = NavigatorList(rows: book.listRows(.people, order: .mentions, filter: ""), order: .mentions)
        self.sourceList = NavigatorList(rows: book.listRows(.sources, order: .book, filter: "", evidence: evidence), order: .book)
        self.reader = ReaderLayout(book: book, page: first, evidence: evidence, width: ExplorerGeometry(
            size: size, focus: .navigator, naturalNavigatorWidth: navigatorWidths).readerTextWidth)
        if book.document.chapters.isEmpty && !book.document.sources.isEmpty { tab = .sources }
    }

    /// The list a tab shows.
    subscript(list tab: NavigatorTab) -> NavigatorList {
        get {
            switch tab {
            case .chapters: return chapterList
            case .people: return personList
            case .sources: return sourceList
            case .timeline: return timelineList
            case .notes: return notesList
            }
        }
        set {
            switch tab {
            case .chapters: chapterList = newValue
            case .people: personList = newValue
            case .sources: sourceList = newValue
            case .timeline: timelineList = newValue
            case .notes: notesList = newValue
            }
        }
    }

    /// A list's rows as they stand: its order and filter, and for the Timeline the dates read
    /// so far and the person it is narrowed to.
    func rows(_ tab: NavigatorTab, order: ListOrder, filter: String) -> [Int] {
        if tab == .notes {
            // The note's words, its quote and where it is.
            let words = filter.lowercased().split(separator: " ")
            return notes.placed.indices.filter { index in
                let note = notes.placed[index].note
                let texts = [note.text.lowercased(), note.anchor.exact.lowercased()]
                return words.allSatisfy { word in texts.contains { $0.contains(word) } }
            }
        }
        return book.listRows(tab, order: order, filter: filter, evidence: evidence, dates: dates, person: timelinePerson)
    }

    /// Whether a list's first row is a caption: a filter, an order other than its own, and on
    /// the Timeline a year being typed or a person it is narrowed to.
    func showsCaption(_ tab: NavigatorTab) -> Bool {
        self[list: tab].showsCaption || (tab == .timeline && (!typedYear.isEmpty || timelinePerson != nil))
    }

    /// The list the navigator shows.
    var currentList: NavigatorList {
        get { self[list: tab] }
        set { self[list: tab] = newValue }
    }

    var document: Document { book.document }
    var geometry: ExplorerGeometry { geometry(for: page) }

    /// The screen's geometry with `page` in the reader (paragraph numbers take columns on
    /// chapters and sources only).
    func geometry(for page: Page) -> ExplorerGeometry {
        ExplorerGeometry(size: size, focus: focus, naturalNavigatorWidth: navigatorWidths,
                         adjustment: navigatorAdjustment, sideBySide: splitsSideBySide,
                         paragraphGutter: page.isText ? paragraphGutter : 0)
    }

    /// The columns paragraph numbers take, with a space after them; 0 while they are hidden.
    var paragraphGutter: Int { showsParagraphNumbers ? book.paragraphNumberDigits + 1 : 0 }

    var readerHeight: Int { geometry.reader.height }
    public var maxReaderTop: Int { max(0, reader.lines.count - readerHeight) }

    /// The text at the top of the reader, stable across re-wrapping.
    var readerAnchor: ReaderAnchor { reader.anchor(forLine: readerTop) }

    var place: Place { Place(page: page, anchor: readerAnchor) }

    /// The place in the text: where the reader is, or on a person's card the page read last.
    public var textPlace: Place { page.isText ? place : Place(page: readingPage, anchor: .top) }

    /// `textPlace` as the state file keeps it (where the next session reopens).
    public var storedTextPlace: StoredPlace { book.storedPlace(textPlace) }

    var chapterCount: Int { document.chapters.count }
    var sourceCount: Int { document.sources.count }
}

/// A stretch of a unit styled as the current hit or mention.
struct FocusSpan: Hashable, Sendable {
    var unit: Int
    var range: Range<Int>
    init(unit: Int, range: Range<Int>) {
        self.unit = unit
        self.range = range
    }
}

/// What the explorer asks of the book: its pages, and its lists in order.
extension Book {
    /// A list's items in order, keeping those whose text contains every typed word
    /// (case-insensitive): a chapter's number and title, a source's number and header, a
    /// person's name or any form the text uses for them.
    /// `dates` and `person`: the Timeline's dates (indices into `BookDates.dates`, in time
    /// order), narrowed to the paragraphs naming `person`.
    func listRows(_ tab: NavigatorTab, order: ListOrder, filter: String, evidence: Evidence? = nil,
                  dates: BookDates? = nil, person: Int? = nil) -> [Int] {
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
                [(document.chapterNumber(index).map { "\($0) " } ?? "") + (document.chapters[index].displayTitle).lowercased()]
            }
        case .sources:
            let sources = document.sources
            var items = Array(sources.indices)
            // The sources' metadata once it is in (every header form); until then the fields
            // of `Author, Title (Date)` headers.
            let entries = evidence?.catalog.entries
            switch order {
            case .date:
                items = Book.sortedMissingLast(items, keys: entries.map { $0.map { $0.date?.key } }
                                               ?? sources.map { $0.date.flatMap(DateKey.init) })
            case .author:
                items = Book.sortedMissingLast(items, keys: entries.map { $0.map { entry in
                    (entry.person.map { people.people[$0].name } ?? entry.author).map(Book.lastNameKey)
                } } ?? sources.map { $0.author.map(Book.lastNameKey) })
            case .book, .mentions, .name, .allDates, .events, .sourceDates, .publications: break
            }
            return keeping(items) { index in
                var texts = ["\(sources[index].number) " + sources[index].header.lowercased()]
                if let entry = entries?[index], let person = entry.person { texts += lowercasedForms[person] }
                return texts
            }
        case .people:
            let list = order == .name ? peopleByName : peopleByMentions
            guard !words.isEmpty else { return list }
            let forms = lowercasedForms
            return keeping(list) { forms[$0] }
        case .notes:
            return [] // the notes are the state's (`AppState.rows`)
        case .timeline:
            guard let dates else { return [] }
            let kinds: Set<DateKind> = switch order {
            case .events: [.event]
            case .sourceDates: [.source]
            case .publications: [.publication]
            default: Set(DateKind.allCases)
            }
            var items = dates.chronological.filter { kinds.contains(dates.dates[$0].kind) }
            if let person {
                let units = Set(people.units(mentioning: person))
                items = items.filter { units.contains(dates.dates[$0].unit) }
            }
            return keeping(items) { index in
                let date = dates.dates[index]
                return [date.text.lowercased(), date.key.short.lowercased(), date.context.lowercased()]
            }
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


    /// Columns the navigator's rows would take to show them whole, so that a wide terminal
    /// gives titles, not padding, the room.
    func naturalNavigatorWidths(evidence: Evidence? = nil, chapterSpans: [String?] = []) -> NavigatorWidths {
        // Marker, number or count and a space, then the text, then a scrollbar column.
        let numbers = String(max(document.chapters.count, document.sources.count)).count + 3
        // A chapter's span of years ("1917–1918") in a column of its own, after a space.
        let spanWidth = chapterSpans.compactMap { $0.map { DisplayWidth.of($0) + 1 } }.max() ?? 0
        let chapterWidth = numbers + spanWidth + (document.chapters.map { DisplayWidth.of($0.displayTitle) }.max() ?? 0)
        let personWidth = mentionCountWidth + 2 + (people.people.map { DisplayWidth.of($0.name) + 2 }.max() ?? 0)
        let sourceWidth = numbers + (document.sources.indices.map { index in
            if let evidence { return DisplayWidth.of(evidence.listTitle(ofSource: index, book: self)) + 5 }
            let source = document.sources[index]
            return DisplayWidth.of(source.author.map { author in
                author + (source.title.map { ": " + $0 } ?? "") + (source.date.map { " · " + compactDate($0) } ?? "")
            } ?? source.header)
        }.max() ?? 0)
        return NavigatorWidths(names: max(chapterWidth, personWidth) + 1,
                                                everything: max(chapterWidth, personWidth, sourceWidth) + 1)
    }

    /// The page that shows a unit.
    func page(ofUnit unit: Int) -> Page {
        switch units[unit].container {
        case .front: return .chapter(0)
        case .chapter(let index): return .chapter(index)
        case .sourcesIntro: return .source(0)
        case .source(let index): return .source(index)
        }
    }

    /// Pages in reading order: chapters, then sources.
    var pageCount: Int { document.chapters.count + document.sources.count }

    func pageIndex(_ page: Page) -> Int {
        switch page {
        case .chapter(let index): return index
        case .source(let index): return document.chapters.count + index
        case .person, .shared, .sourceCard: return -1
        }
    }

    func page(atIndex index: Int) -> Page? {
        guard index >= 0, index < pageCount else { return nil }
        return index < document.chapters.count ? .chapter(index) : .source(index - document.chapters.count)
    }

    func isValid(_ page: Page) -> Bool {
        switch page {
        case .chapter(let index): return index >= 0 && index < document.chapters.count
        case .source(let index): return index >= 0 && index < document.sources.count
        case .person(let index): return index >= 0 && index < people.people.count
        case .shared(let index, let other):
            return index >= 0 && index < people.people.count && other >= 0 && other < people.people.count
        case .sourceCard(let index): return index >= 0 && index < document.sources.count
        }
    }

    /// "Chapter 3/25" or "Source 16/44".
    func pageLabel(_ page: Page) -> String {
        switch page {
        case .chapter(let index): return document.chapterLabel(index)
        case .source(let index): return "Source \(index + 1)/\(document.sources.count)"
        case .person: return "Person"
        case .shared: return "Together"
        case .sourceCard(let index): return "Source \(index + 1)/\(document.sources.count)"
        }
    }

    func pageTitle(_ page: Page) -> String {
        switch page {
        case .chapter(let index):
            guard index < document.chapters.count else { return "" }
            return document.chapters[index].displayTitle
        case .source(let index):
            guard index < document.sources.count else { return "" }
            return sourceListTitle(document.sources[index])
        case .person(let index):
            guard index < people.people.count else { return "" }
            return people.people[index].name
        case .shared(let index, let other):
            guard index < people.people.count, other < people.people.count else { return "" }
            return people.people[index].name + " & " + people.people[other].name
        case .sourceCard(let index):
            guard index < document.sources.count else { return "" }
            return "Card · " + sourceListTitle(document.sources[index])
        }
    }

    /// "J. T. Murphy: The Errors of Trotskyism" when the header has fields, else the header.
    func sourceListTitle(_ source: Source) -> String {
        if let author = source.author, let title = source.title { return "\(author): \(title)" }
        return source.header
    }
}

/// What the navigator's rows want, in columns: `names` to show every chapter title and
/// person's name whole (cut, they are hard to recognise), `everything` to show the sources'
/// authors, titles and dates whole too (they are made to fit when cut).
struct NavigatorWidths: Hashable, Sendable {
    var names: Int
    var everything: Int
    init(names: Int, everything: Int) {
        self.names = names
        self.everything = everything
    }
}

/// A stretch of a unit's text (scalar offsets) drawn in a role's style.
struct StyledRange: Hashable, Sendable {
    var range: Range<Int>
    var role: LineRole
    init(_ range: Range<Int>, _ role: LineRole) {
        self.range = range
        self.role = role
    }
}

