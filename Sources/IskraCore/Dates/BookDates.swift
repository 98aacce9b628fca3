// Every date a book states, for the timeline: where it is (unit, scalar range, file line and
// column), what it says (a `DateKey` to the precision written) and what kind of date it is
// (an event, a primary source's date of writing, a cited work's year of publication). The
// rules that find and classify them are in DateExtractor.swift and DECISIONS.md. Computed on
// demand, never on the first frame's path: about a millisecond for the bundled book, linear in
// the book's size.

/// What a date in the text dates.
public enum DateKind: String, CaseIterable, Hashable, Sendable {
    /// When something happened: births, deaths, arrests, meetings, letters written.
    case event
    /// A primary source's date in its header: when it was written or published (the
    /// catalog's `SourceInfo.date`).
    case source
    /// When a work cited in running text appeared: "Red October (1967)", "was published in 1930".
    case publication
}

/// One date stated in the text.
public struct DatedPassage: Hashable, Sendable {
    /// Which part of a written range a date is: "1905-06" gives 1905 (`.start`) and 1906
    /// (`.end`), both spanning the whole "1905-06"; "13-14 February" gives two days.
    public enum Part: String, CaseIterable, Hashable, Sendable {
        case single, start, end
    }

    /// The value, to the precision the text gives ("1917", "Oct 1917", "7 Nov 1879").
    public var key: DateKey
    public var kind: DateKind
    /// The text unit (`Book.units`) it stands in, and its chapter or source.
    public var unit: Int
    public var container: Container
    /// Scalar offsets of the expression in the unit's text, for highlighting.
    public var range: Range<Int>
    /// 1-based file line and column (in scalars) where the expression starts.
    public var line: Int
    public var column: Int
    /// The words as written ("7th November, 1879", "1905-06", "6th November").
    public var text: String
    public var part: Part
    /// When the year is not in the expression ("On 6th November ... in 1917"): the scalar
    /// range, in the same unit, of the year it was taken from (always in the same sentence).
    public var yearRange: Range<Int>?
    /// The clause around the date, at most about 100 characters, cut at whole words (`…`
    /// where the clause goes on): for list rows.
    public var context: String
    /// Where the expression stands in `context` (scalar offsets), to highlight or align it.
    public var contextRange: Range<Int>

    public init(key: DateKey, kind: DateKind, unit: Int, container: Container, range: Range<Int>, line: Int,
                column: Int, text: String, part: Part = .single, yearRange: Range<Int>? = nil, context: String,
                contextRange: Range<Int>) {
        self.key = key
        self.kind = kind
        self.unit = unit
        self.container = container
        self.range = range
        self.line = line
        self.column = column
        self.text = text
        self.part = part
        self.yearRange = yearRange
        self.context = context
        self.contextRange = contextRange
    }

    /// Length of the expression in scalars.
    public var length: Int { range.count }
    public var precision: DatePrecision { key.precision }
    /// "1917-11-06", "1937-03" or "1930".
    public var iso: String { key.iso }
}

/// A person's age at a date, from the register's birth date: exact when both dates give the
/// day (or months that differ), otherwise the two ages the dates allow ("24 or 25").
public struct Age: Hashable, Sendable {
    public var years: ClosedRange<Int>

    public init(years: ClosedRange<Int>) { self.years = years }

    public var isExact: Bool { years.lowerBound == years.upperBound }
    /// "25", or "24-25" when the dates do not settle it.
    public var text: String {
        isExact ? String(years.lowerBound) : "\(years.lowerBound)\u{2013}\(years.upperBound)"
    }

    /// The age at `date` of someone born at `born`; nil when `date` is before the birth.
    public static func at(_ date: DateKey, born: DateKey) -> Age? {
        let years = date.year - born.year
        var low = years - 1, high = years
        if let bm = born.month, let dm = date.month {
            if bm != dm {
                low = dm > bm ? years : years - 1
                high = low
            } else if let bd = born.day, let dd = date.day {
                low = dd >= bd ? years : years - 1
                high = low
            }
        }
        guard high >= 0 else { return nil }
        return Age(years: max(0, low)...high)
    }
}

extension DateKey {
    /// Reads "1879-11-07", "1917-11" or "1930" (a register's `born:`/`died:`); nil otherwise.
    /// (A static function, not an initialiser: `DateKey.init` stays unambiguous for callers.)
    public static func parse(iso text: String) -> DateKey? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]) else { return nil }
        var month: Int?, day: Int?
        if parts.count > 1 {
            guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            month = m
        }
        if parts.count > 2 {
            guard parts[2].count == 2, let d = Int(parts[2]), (1...31).contains(d) else { return nil }
            day = d
        }
        return DateKey(year: year, month: month, day: day)
    }
}

extension Person {
    /// The register's birth and death dates as keys (nil when absent or unreadable).
    public var bornKey: DateKey? { born.flatMap { DateKey.parse(iso: $0) } }
    public var diedKey: DateKey? { died.flatMap { DateKey.parse(iso: $0) } }

    /// The person's age at `date`, where the register gives a birth date; nil before the
    /// birth or after the death (as far as the two dates' shared precision tells).
    public func age(at date: DateKey) -> Age? {
        guard let born = bornKey else { return nil }
        if let died = diedKey {
            if date.year > died.year { return nil }
            if date.year == died.year, let dm = date.month, let m = died.month {
                if dm > m { return nil }
                if dm == m, let dd = date.day, let d = died.day, dd > d { return nil }
            }
        }
        guard let age = Age.at(date, born: born) else { return nil }
        // Never older than at death ("aged 60", not "60–61", in the year he died at 60).
        if let died = diedKey, let atDeath = Age.at(died, born: born), age.years.upperBound > atDeath.years.upperBound {
            let high = atDeath.years.upperBound
            return Age(years: min(age.years.lowerBound, high)...high)
        }
        return age
    }
}

public struct BookDates: Sendable {
    /// Every date in book order (unit, then offset; the parts of a range in order).
    public let dates: [DatedPassage]
    /// Indices into `dates`, earliest first (a less precise date before the more precise ones
    /// it contains: "1917" before "7 Nov 1917"); equal keys keep book order.
    public let chronological: [Int]

    /// Four-digit numbers that look like years and are not dates (for checking the rules).
    let rejected: [RejectedNumber]

    /// `catalog`, when already built, gives the sources' dates; otherwise the headers are read
    /// again here (the same reading, so the two always agree).
    /// `parallelism`: how many threads a large book is read on (the result is the same).
    public init(book: Book, catalog: SourceCatalog? = nil, parallelism: Parallelism = .automatic) {
        let found = DateExtractor.extract(book: book, catalog: catalog, parallelism: parallelism)
        dates = found.dates
        rejected = found.rejected
        let keys = dates.map(\.key)
        chronological = dates.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }

    /// All dates of the given kinds, earliest first.
    public func sorted(kinds: Set<DateKind> = Set(DateKind.allCases)) -> [DatedPassage] {
        chronological.lazy.map { dates[$0] }.filter { kinds.contains($0.kind) }
    }

    /// The dates of the given kinds grouped by year, earliest first.
    public func byYear(kinds: Set<DateKind> = Set(DateKind.allCases)) -> [(year: Int, dates: [DatedPassage])] {
        var groups: [(year: Int, dates: [DatedPassage])] = []
        for date in sorted(kinds: kinds) {
            if groups.last?.year == date.key.year { groups[groups.count - 1].dates.append(date) } else { groups.append((date.key.year, [date])) }
        }
        return groups
    }

    /// The dates in units `units` (a chapter's or source's `Book.chapterUnits`), book order.
    public func dates(inUnits units: Range<Int>) -> ArraySlice<DatedPassage> {
        func first(_ unit: Int) -> Int {
            var low = 0, high = dates.count
            while low < high {
                let mid = (low + high) / 2
                if dates[mid].unit < unit { low = mid + 1 } else { high = mid }
            }
            return low
        }
        return dates[first(units.lowerBound)..<first(units.upperBound)]
    }

    public func dates(inUnit unit: Int) -> ArraySlice<DatedPassage> { dates(inUnits: unit..<(unit + 1)) }

    public func dates(inChapter index: Int, of book: Book) -> ArraySlice<DatedPassage> {
        book.chapterUnits.indices.contains(index) ? dates(inUnits: book.chapterUnits[index]) : []
    }

    public func dates(inSource index: Int, of book: Book) -> ArraySlice<DatedPassage> {
        book.sourceUnits.indices.contains(index) ? dates(inUnits: book.sourceUnits[index]) : []
    }

    /// The earliest and latest year of chapter `index`'s event dates, nil when it has none.
    public func eventYears(inChapter index: Int, of book: Book) -> ClosedRange<Int>? {
        let years = dates(inChapter: index, of: book).filter { $0.kind == .event }.map(\.key.year)
        guard let low = years.min(), let high = years.max() else { return nil }
        return low...high
    }

    /// "1917" or "1917–1918": a span of years as lists show it.
    public static func spanText(_ years: ClosedRange<Int>) -> String {
        years.lowerBound == years.upperBound ? String(years.lowerBound) : "\(years.lowerBound)\u{2013}\(years.upperBound)"
    }

    /// The dates in units that name `person` (an index into `PeopleIndex.people`), book order.
    public func dates(namingPerson person: Int, people: PeopleIndex) -> [DatedPassage] {
        dateIndices(namingPerson: person, people: people).map { dates[$0] }
    }

    /// The same, as indices into `dates`.
    public func dateIndices(namingPerson person: Int, people: PeopleIndex) -> [Int] {
        people.units(mentioning: person).flatMap { Array(dates(inUnit: $0).indices) }
    }
}

/// A four-digit number in year range that the rules do not take as a date, and why.
struct RejectedNumber: Hashable, Sendable {
    enum Reason: String, CaseIterable, Sendable {
        /// Followed by what is counted ("1500 men") or preceded by a number's label ("page 1905").
        case count
        /// No year cue, and outside the years the book's cued dates span.
        case outsideSpan
        /// The last word of a cited title: "The Bolshevik Revolution of 1917 (1967)".
        case inTitle
    }
    var unit: Int
    var range: Range<Int>
    var text: String
    var reason: Reason
}

// MARK: JSON (`iskra timeline --json`, `iskra export --json`)

extension BookDates {
    /// `{"line","column","length","text","date","precision","kind","chapter" | "source"}`:
    /// `chapter` 0-based as in `export --json`, `source` the source's number; a date in the
    /// title or the sources' introduction has neither.
    public static func json(_ date: DatedPassage, document: Document) -> JSON {
        var members: [(String, JSON)] = [
            ("line", .int(date.line)), ("column", .int(date.column)), ("length", .int(date.length)),
            ("text", .string(date.text)), ("date", .string(date.iso)),
            ("precision", .string(date.precision.rawValue)), ("kind", .string(date.kind.rawValue)),
        ]
        switch date.container {
        case .chapter(let index): members.append(("chapter", .int(index)))
        case .source(let index): members.append(("source", .int(document.sources[index].number)))
        case .front, .sourcesIntro: break
        }
        members.append(("context", .string(date.context)))
        return .object(members)
    }

    /// `{"dates":[...]}` for `dates` (book order unless the caller sorted them).
    public static func json(_ dates: [DatedPassage], document: Document) -> JSON {
        .object([("dates", .array(dates.map { json($0, document: document) }))])
    }

    /// The place of a date for people: "Ch 3 The 1905 Russian Revolution", "Src 7 Maxim Gorky".
    public static func place(of date: DatedPassage, in book: Book) -> String {
        switch date.container {
        case .chapter(let index):
            return book.document.shortChapterLabel(index) + (book.document.chapters[index].title.map { " " + $0 } ?? "")
        case .source(let index):
            return "Src \(book.document.sources[index].number)"
        case .front: return "Title"
        case .sourcesIntro: return "Sources"
        }
    }

    /// TimelineJS3's JSON (`{"title":{"text":{...}},"events":[{"start_date":{"year","month",
    /// "day","display_date"},"text":{"headline","text"},"group"}]}`), so a chronology can be
    /// published as is: the headline is the place (chapter or source), the text the clause
    /// around the date with the words as written and the line, the group the kind (one row
    /// each in TimelineJS's navigator). Text is escaped for HTML, which TimelineJS renders.
    public static func timelineJS(_ dates: [DatedPassage], book: Book) -> JSON {
        func html(_ text: String) -> String {
            var out = ""
            for c in text {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                default: out.append(c)
                }
            }
            return out
        }
        let events: [JSON] = dates.map { date in
            var start: [(String, JSON)] = [("year", .string(String(date.key.year)))]
            if let month = date.key.month { start.append(("month", .string(String(month)))) }
            if let day = date.key.day { start.append(("day", .string(String(day)))) }
            start.append(("display_date", .string(date.key.short)))
            let group: String
            switch date.kind {
            case .event: group = "Events"
            case .source: group = "Sources written"
            case .publication: group = "Works published"
            }
            var headline = place(of: date, in: book)
            if case .source(let index) = date.container {
                let header = book.document.sources[index].header
                headline += ": " + (header.count > 60 ? String(header.prefix(59)) + "\u{2026}" : header)
            }
            return .object([
                ("start_date", .object(start)),
                ("text", .object([
                    ("headline", .string(html(headline))),
                    ("text", .string(html(date.context) + "<br><small>\u{201C}" + html(date.text) + "\u{201D}, line \(date.line)</small>")),
                ])),
                ("group", .string(group)),
            ])
        }
        return .object([
            ("title", .object([("text", .object([
                ("headline", .string(html(book.document.title))),
                ("text", .string("Dates as the text gives them, from iskra.")),
            ]))])),
            ("events", .array(events)),
        ])
    }
}
