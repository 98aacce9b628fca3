import IskraCore
import TextUI

/// Live search: the line being typed and its results, recomputed on every keystroke (in the
/// reducer, so a result can never belong to an older query than the one shown).
public struct SearchSession: Sendable {
    /// The line being typed (the query and its cursor).
    var line = LineEditor(limit: SearchSession.maxQueryLength)
    public var query: String {
        get { line.text }
        set { line.set(newValue) }
    }
    var results: SearchResults?
    var people: [PersonMatch] = []
    /// `by:NAME`: the sources whose author matches, listed above the hits (Enter: the card).
    var sources: [Int] = []
    /// How many sources the `by:` names matched, before the words narrowed them.
    var authorMatches = 0
    var rows = SearchRows()
    /// Selected row; nil when nothing is selectable.
    var selection: Int?
    var offset = 0
    /// Where typing happens (nil: at the end).
    var cursor: Int? { line.cursor }
    /// Where Esc returns to.
    var returnPlace: Place
    var returnFocus: Pane
    /// Position in the history while recalling with Up (nil: not recalling).
    var historyIndex: Int?

    init(returnPlace: Place, returnFocus: Pane) {
        self.returnPlace = returnPlace
        self.returnFocus = returnFocus
    }

    /// The longest query the line takes, in characters: enough for any search, and a paste of
    /// a whole page is cut here (with a notice) rather than searched word by word.
    static let maxQueryLength = 256

    /// The query changed since the results were computed: `update` before they are used
    /// (the reducer does it once per batch of keys, not once per character).
    var isStale = false

    /// Inserts `text` at the cursor, up to `maxQueryLength`. Returns false when it was cut.
    mutating func insert(_ text: String) -> Bool { line.insert(text) }

    /// Edits the line at the cursor (see `LineEditor.apply`).
    mutating func edit(_ key: Key) { line.apply(key) }

    /// At most this many matching people are listed above the hits.
    static let maxPeople = 6

    /// Everyone who matched the last query, and its terms: a query whose terms extend them
    /// (each old term a prefix of the new one, maybe more terms) can only match fewer.
    private var peopleTerms: [SearchTerm] = []
    private var peopleCaseSensitive = false
    private var peopleMatched: [Int] = []

    private func narrows(_ query: SearchQuery) -> Bool {
        let terms = query.terms.filter { !$0.excluded }
        guard !peopleTerms.isEmpty, terms.count >= peopleTerms.count,
              !peopleCaseSensitive || query.caseSensitive else { return false }
        return zip(peopleTerms, terms).allSatisfy { old, new in old.kind == new.kind && new.text.hasPrefix(old.text) }
    }

    /// True while the query waits for the search index (`AppState.bookSearch` not in yet).
    var waitingForIndex = false
    /// Enter was pressed while waiting: the selection opens once the results are in.
    var openWhenReady = false
    /// Nothing matched, and the query in lowercase would match: capitals are why.
    var caseHint = false

    /// Runs the query with `search` (nil: the index is still being built, so a query waits).
    mutating func update(book: Book, search: BookSearch?, catalog: SourceCatalog? = nil) {
        isStale = false
        let parsed = SearchQuery(query)
        // by:NAME needs the sources' metadata: until it is in, the query waits with the index's.
        let waitsForCatalog = !parsed.authors.isEmpty && catalog == nil
        sources = catalog.map { parsed.authors.isEmpty ? [] : $0.sources(byAuthors: parsed.authors, people: book.people) } ?? []
        authorMatches = sources.count
        waitingForIndex = (search == nil && !parsed.isEmpty) || waitsForCatalog
        if !waitingForIndex { openWhenReady = false }
        caseHint = false
        if parsed.isEmpty || search == nil || waitsForCatalog {
            results = nil
            people = []
            peopleTerms = []
            peopleMatched = []
        } else if let search {
            results = search.index.search(parsed, onlySources: parsed.authors.isEmpty ? nil : sources)
            if !parsed.authors.isEmpty, let results {
                // With words too, the author's sources that hold them.
                let withHits = Set(results.groups.compactMap { group -> Int? in
                    if case .source(let index) = group.container { index } else { nil }
                })
                sources = sources.filter(withHits.contains)
            }
            caseHint = parsed.caseSensitive && results?.isEmpty == true
                && !search.index.search(SearchQuery(query.lowercased())).isEmpty
            let matches = parsed.matchingPeople(search.people, among: narrows(parsed) ? peopleMatched : nil)
            peopleTerms = parsed.terms.filter { !$0.excluded }
            peopleCaseSensitive = parsed.caseSensitive
            peopleMatched = matches.map(\.index)
            people = Array(matches
                .sorted { book.people.mentionCount(of: $0.index) > book.people.mentionCount(of: $1.index) }
                .prefix(Self.maxPeople))
        }
        rows = SearchRows(people: people.count, sources: sources.count, groups: results?.groups.map(\.passageCount) ?? [])
        selection = rows.firstSelectable
        offset = 0
    }
}

/// The results pane as rows, without materialising one per passage: a summary, the matching
/// people, then for each chapter or source a header followed by its passages (one row for
/// each paragraph, heading, caption or source header with hits, however many it holds).
struct SearchRows: Hashable, Sendable {
    enum Row: Hashable, Sendable {
        case summary
        case person(Int)
        /// A source `by:` matched (index into `SearchSession.sources`).
        case source(Int)
        /// Index into `SearchResults.groups`.
        case group(Int)
        /// A passage: index into `SearchResults`' passages.
        case passage(Int)

        var isSelectable: Bool {
            switch self {
            case .person, .source, .passage: return true
            case .summary, .group: return false
            }
        }
    }

    private(set) var peopleCount = 0
    private(set) var sourceCount = 0
    /// Row of each group's header.
    private(set) var groupRows: [Int] = []
    /// Index of each group's first passage.
    private(set) var groupFirstPassage: [Int] = []
    private(set) var count = 1

    init() {}

    /// `groups`: how many passages each group holds.
    init(people: Int, sources: Int = 0, groups: [Int]) {
        peopleCount = people
        sourceCount = sources
        var row = 1 + people + sources
        var passage = 0
        for size in groups {
            groupRows.append(row)
            groupFirstPassage.append(passage)
            row += 1 + size
            passage += size
        }
        count = row
    }

    subscript(row: Int) -> Row {
        if row == 0 { return .summary }
        if row <= peopleCount { return .person(row - 1) }
        if row <= peopleCount + sourceCount { return .source(row - 1 - peopleCount) }
        // The last group whose header is at or before `row`.
        var low = 0, high = groupRows.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if groupRows[mid] <= row { low = mid } else { high = mid - 1 }
        }
        let header = groupRows[low]
        return row == header ? .group(low) : .passage(groupFirstPassage[low] + row - header - 1)
    }

    var firstSelectable: Int? { nextSelectable(from: 0, step: 1) }

    /// The nearest selectable row from `row` in direction `step` (inclusive), if any.
    func nextSelectable(from row: Int, step: Int) -> Int? {
        var current = row
        while current >= 0 && current < count {
            if self[current].isSelectable { return current }
            current += step
        }
        return nil
    }
}
