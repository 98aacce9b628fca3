import IskraCore

/// Live search: the line being typed and its results, recomputed on every keystroke (in the
/// reducer, so a result can never belong to an older query than the one shown).
public struct SearchSession: Sendable {
    public var query = ""
    public var results: SearchResults?
    public var people: [PersonMatch] = []
    public var rows = SearchRows()
    /// Selected row; nil when nothing is selectable.
    public var selection: Int?
    public var offset = 0
    /// Where Esc returns to.
    public var returnPlace: Place
    public var returnFocus: Pane
    /// Position in the history while recalling with Up (nil: not recalling).
    public var historyIndex: Int?

    public init(returnPlace: Place, returnFocus: Pane) {
        self.returnPlace = returnPlace
        self.returnFocus = returnFocus
    }

    /// At most this many matching people are listed above the hits.
    public static let maxPeople = 6

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

    /// True while the query waits for the search index (see `AppState.searchPending`).
    public var waitingForIndex = false
    /// Enter was pressed while waiting: the selection opens once the results are in.
    public var openWhenReady = false
    /// Nothing matched, and the query in lowercase would match: capitals are why.
    public var caseHint = false

    mutating func update(book: Book, indexPending: Bool = false) {
        let parsed = SearchQuery(query)
        waitingForIndex = indexPending && !parsed.isEmpty
        if !waitingForIndex { openWhenReady = false }
        caseHint = false
        if parsed.isEmpty || waitingForIndex {
            results = nil
            people = []
            peopleTerms = []
            peopleMatched = []
        } else {
            results = book.search.search(parsed)
            caseHint = parsed.caseSensitive && results?.isEmpty == true
                && !book.search.search(SearchQuery(query.lowercased())).isEmpty
            let matches = parsed.matchingPeople(book.personCandidates, among: narrows(parsed) ? peopleMatched : nil)
            peopleTerms = parsed.terms.filter { !$0.excluded }
            peopleCaseSensitive = parsed.caseSensitive
            peopleMatched = matches.map(\.index)
            people = Array(matches
                .sorted { book.people.mentionCount(of: $0.index) > book.people.mentionCount(of: $1.index) }
                .prefix(Self.maxPeople))
        }
        rows = SearchRows(people: people.count, groups: results?.groups.map(\.count) ?? [])
        selection = rows.firstSelectable
        offset = 0
    }
}

/// The results pane as rows, without materialising one per hit: a summary, the matching
/// people, then for each chapter or source a header followed by its hits.
public struct SearchRows: Hashable, Sendable {
    public enum Row: Hashable, Sendable {
        case summary
        case person(Int)
        /// Index into `SearchResults.groups`.
        case group(Int)
        /// Index into `SearchResults`.
        case hit(Int)

        public var isSelectable: Bool {
            switch self {
            case .person, .hit: return true
            case .summary, .group: return false
            }
        }
    }

    public private(set) var peopleCount = 0
    /// Row of each group's header.
    public private(set) var groupRows: [Int] = []
    /// Index of each group's first hit.
    public private(set) var groupFirstHit: [Int] = []
    public private(set) var count = 1

    public init() {}

    public init(people: Int, groups: [Int]) {
        peopleCount = people
        var row = 1 + people
        var hit = 0
        for size in groups {
            groupRows.append(row)
            groupFirstHit.append(hit)
            row += 1 + size
            hit += size
        }
        count = row
    }

    public subscript(row: Int) -> Row {
        if row == 0 { return .summary }
        if row <= peopleCount { return .person(row - 1) }
        // The last group whose header is at or before `row`.
        var low = 0, high = groupRows.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if groupRows[mid] <= row { low = mid } else { high = mid - 1 }
        }
        let header = groupRows[low]
        return row == header ? .group(low) : .hit(groupFirstHit[low] + row - header - 1)
    }

    public var firstSelectable: Int? { nextSelectable(from: 0, step: 1) }

    /// The nearest selectable row from `row` in direction `step` (inclusive), if any.
    public func nextSelectable(from row: Int, step: Int) -> Int? {
        var current = row
        while current >= 0 && current < count {
            if self[current].isSelectable { return current }
            current += step
        }
        return nil
    }
}
