// Related links: proposals, scored 0-1 from what a narrative paragraph and a source share.
//
//   names the source's work (its capitalised title, two words or more)   0.6 (0.3: a newspaper)
//   both quote a third text (a long run inside quotation marks in the source)  0.6
//   both name the same work (a shared capitalised run such as a book title)    0.3
//   states the same day as the source (written, or an event its header or text dates)  0.5
//   ... the same month and year                                         0.35
//   each person both name: 0.35 x how rarely the narrative names them, squared (1 for a person
//   named in one paragraph, 0 for one named in all; squared so that a few people named in
//   many paragraphs do not add up to a proposal); the author counts 0.4 x. People named in
//   more than a quarter of the narrative's paragraphs are not evidence of anything.
//
// A person, a month or a title shared by more than `distinctiveSources` sources is no
// evidence for any one of them (and would make the work grow with the square of the book).
//
// Signals combine as independent evidence: 1 - (1 - a)(1 - b)... Per source the best
// `relatedPerSource` links scoring at least `relatedThreshold` are kept: one signal alone
// passes only if it is a work named, a text quoted by both, or a day; a month needs a person
// or two with it, people alone need several rarely named ones; an author named alone is not
// enough. Dates count only where the paragraph states the year: "On 6th November" without
// one is not matched (the year would have to be inferred from the chapter).

#if canImport(Glibc)
import Glibc
#endif

extension EvidenceFinder {
    struct Candidate {
        var keep = 1.0                 // product of (1 - signal)
        var reasons: [String] = []
        var people: [String] = []
        var spans: [SharedSpan] = []
        var date: (Double, String)?

        mutating func add(_ signal: Double, _ reason: String) {
            keep *= 1 - signal
            reasons.append(reason)
        }

        var score: Double {
            var k = keep
            if let date { k *= 1 - date.0 }
            return ((1 - k) * 100).rounded() / 100
        }

        var evidence: String {
            var all = reasons
            if let date { all.append("same date: " + date.1) }
            if !people.isEmpty { all.append(people.joined(separator: ", ") + " named") }
            return all.joined(separator: "; ")
        }
    }

    /// A person, month or title that more sources than this share says nothing about which
    /// one a paragraph tells of (and would make the proposals grow with the square of the book).
    static let distinctiveSources = 8
}

/// Scores every narrative paragraph against the sources as `EvidenceFinder` reads the
/// narrative, one paragraph at a time, keeping the best proposals per source.
struct RelatedFinder {
    let book: Book
    let entries: [SourceInfo]
    /// How many narrative paragraphs name each person, and whom each names.
    private var df: [Int]
    private var unitPeople: [[Int]] = []
    private let narrativeCount: Int
    private var sourcesByPerson: [Int: [Int]] = [:]
    private var sourcesByMonth: [Int: [(source: Int, day: Int?)]] = [:]
    private var titles: [UInt64: [(source: Int, words: ScannedWords)]] = [:]
    /// "of", "the", "and", "a": a title found after one of these and a capitalised word is
    /// part of a longer title ("The Story of My Life" is not "My Life").
    private let joiners: Set<UInt64>
    private var best: [[(unit: Int, candidate: EvidenceFinder.Candidate)]]

    /// `datesOfSource`: the dates (with a month) each source's text states.
    init(book: Book, entries: [SourceInfo], scanned: EvidenceFinder.Scanned, datesOfSource: [[DateKey]]) {
        self.book = book
        self.entries = entries
        let people = book.people
        narrativeCount = scanned.narrativeUnits.count
        best = Array(repeating: [], count: entries.count)
        df = [Int](repeating: 0, count: people.people.count)
        for id in scanned.narrativeUnits {
            var named: [Int] = []
            for mention in people.mentions(inUnit: id) where !named.contains(mention.person) { named.append(mention.person) }
            for p in named { df[p] += 1 }
            unitPeople.append(named)
        }
        // What each source offers: people, dates, its work's title.
        var scanner = WordScanner()
        joiners = Set(scanner.scan("of the and a an").hashes)
        for entry in entries {
            for p in entry.people where weight(p.person) > 0 { sourcesByPerson[p.person, default: []].append(entry.index) }
            var dates = datesOfSource[entry.index] + entry.eventDates.map(\.key)
            if let date = entry.date { dates.append(date.key) }
            var seen = Set<DateKey>()
            for date in dates where date.month != nil && seen.insert(date).inserted {
                sourcesByMonth[date.year * 100 + date.month!, default: []].append((entry.index, date.day))
            }
            if let title = entry.title, title.unicodeScalars.first?.properties.isUppercase == true {
                let words = scanner.scan(title)
                if words.count >= 2 { titles[words.hashes[0], default: []].append((entry.index, words)) }
            }
        }
        let limit = EvidenceFinder.distinctiveSources
        sourcesByPerson = sourcesByPerson.filter { $0.value.count <= limit }
        sourcesByMonth = sourcesByMonth.filter { $0.value.count <= limit }
        titles = titles.filter { Set($0.value.map(\.source)).count <= limit }
    }

    private func weight(_ p: Int) -> Double {
        guard df[p] > 0, df[p] * 4 <= narrativeCount else { return 0 }
        let rarity = log(Double(narrativeCount) / Double(df[p])) / log(Double(max(narrativeCount, 2)))
        return rarity * rarity
    }

    /// Narrative paragraph `n` (unit `unit`, its words scanned, the dates they state): the
    /// sources it may tell of, other than those it quotes (`quoted`).
    mutating func consider(_ n: Int, unit id: Int, words: ScannedWords, dates: [(key: DateKey, words: ClosedRange<Int>)],
                           quoted: Set<Int>,
                           bothQuote: [(source: Int, evidence: String, spans: [SharedSpan])],
                           titleNamed: [(source: Int, title: String)]) {
        guard narrativeCount > 0 else { return }
        var candidates: [Int: EvidenceFinder.Candidate] = [:]
        // The source's work named, with its capitals.
        for i in 0..<words.count {
            guard let list = titles[words.hashes[i]] else { continue }
            if i >= 2 && joiners.contains(words.hashes[i - 1]) && words.isCapitalised(i - 2) { continue }
            for (source, title) in list where i + title.count <= words.count {
                var same = true
                for k in 0..<title.count where words.hashes[i + k] != title.hashes[k]
                    || (title.isCapitalised(k) && !words.isCapitalised(i + k)) { same = false; break }
                if same, !candidates[source, default: .init()].reasons.contains(where: { $0.hasPrefix("names the") }) {
                    // A newspaper's name is where many texts appeared, not this one's title.
                    let newspaper = entries[source].genre == .newspaper
                    candidates[source, default: .init()].add(newspaper ? 0.3 : 0.6,
                        "names the \(newspaper ? "newspaper" : "work") \u{2018}\(entries[source].title!)\u{2019}")
                }
            }
        }
        for date in dates {
            guard let month = date.key.month else { continue }
            for (source, day) in sourcesByMonth[date.key.year * 100 + month] ?? [] {
                let sameDay = day != nil && day == date.key.day
                let value = sameDay ? 0.5 : 0.35
                if (candidates[source]?.date?.0 ?? 0) < value {
                    let shown = sameDay ? date.key.short : DateKey(year: date.key.year, month: month).short
                    candidates[source, default: .init()].date = (value, shown)
                }
            }
        }
        for p in unitPeople[n] {
            let w = weight(p)
            guard w > 0, let sources = sourcesByPerson[p] else { continue }
            for source in sources {
                let isAuthor = entries[source].person == p
                candidates[source, default: .init()].keep *= 1 - (isAuthor ? 0.4 : 0.35) * w
                candidates[source, default: .init()].people.append(book.people.people[p].name)
            }
        }
        for both in bothQuote {
            candidates[both.source, default: .init()].add(0.6, both.evidence)
            candidates[both.source]!.spans = both.spans
        }
        for named in titleNamed where !(candidates[named.source]?.reasons.contains { $0.hasPrefix("both name") } ?? false) {
            candidates[named.source, default: .init()].add(0.3, "both name \u{2018}\(named.title)\u{2019}")
        }
        for (source, candidate) in candidates where !quoted.contains(source) {
            guard candidate.score >= EvidenceFinder.relatedThreshold else { continue }
            // Only the best few per source are kept: drop the weakest as better ones come.
            best[source].append((id, candidate))
            if best[source].count > EvidenceFinder.relatedPerSource * 4 { best[source] = ranked(best[source]) }
        }
    }

    /// Takes the proposals another finder kept (one that read other paragraphs of the same
    /// book): the best of both are the best of all, as `links` ranks them.
    mutating func absorb(_ other: RelatedFinder) {
        for source in best.indices { best[source] += other.best[source] }
    }

    private func ranked(_ list: [(unit: Int, candidate: EvidenceFinder.Candidate)]) -> [(unit: Int, candidate: EvidenceFinder.Candidate)] {
        Array(list.sorted { a, b in
            a.candidate.score != b.candidate.score ? a.candidate.score > b.candidate.score : a.unit < b.unit
        }.prefix(EvidenceFinder.relatedPerSource))
    }

    /// The proposals kept, per source in source order, best first.
    func links() -> [EvidenceLink] {
        var links: [EvidenceLink] = []
        for source in 0..<entries.count {
            for (id, candidate) in ranked(best[source]) {
                let unit = book.units[id]
                guard case .chapter(let chapter) = unit.container else { continue }
                links.append(EvidenceLink(source: source, chapter: chapter, unit: id, line: unit.line, kind: .related,
                                          score: candidate.score, evidence: candidate.evidence, spans: candidate.spans))
            }
        }
        return links
    }
}
