// Narrative <-> source links, computed from the text.
//
// Quoted: a narrative paragraph (or image caption) reproduces a run of a source's words. Every
// source paragraph is folded once into word hashes (`WordScanner`: case, accents, curly quotes
// and punctuation do not matter) and each run of `gramWords` words goes into a hash table; each
// narrative paragraph is then read once, and every run of it found in the table grows into a
// shared stretch along the same diagonal. Stretches of the same source paragraph one or two
// words apart are one stretch (a spelling variant: "Zasulich"/"Zasulitch"); stretches
// separated by "..." in the narrative stay pieces. Cost: linear in the book's words.
//
// A pair (source, narrative paragraph) is quoted when one stretch has `anchorWords` words or
// more, or when two or more stretches make `piecesWords` together (a quotation cut by "...").
// A stretch whose words are mostly capitalised is a title both name ("Stalin's Nemesis: The
// Exile and Murder of Leon Trotsky"), not a quotation; one lying wholly inside quotation marks
// in the source is a third text both quote (Lenin's testament quoted by a source and by the
// narrative): those make related links, never quoted ones.
//
// Related (proposed): the paragraph names the source's work, states the same date (year and
// month, or the day), or names the same people, weighted by how rarely the narrative names
// them. See `EvidenceFinder.relatedScore`.

public enum EvidenceKind: String, CaseIterable, Sendable {
    case quoted, related
}

/// Words shared by a narrative unit and a source paragraph: scalar offsets on both sides.
public struct SharedSpan: Equatable, Sendable {
    /// Scalar offsets in the narrative unit's text.
    public var narrativeRange: Range<Int>
    /// Unit id of the source paragraph.
    public var sourceUnit: Int
    /// Scalar offsets in that paragraph's text.
    public var sourceRange: Range<Int>
    /// How many words the narrative side has.
    public var words: Int

    public init(narrativeRange: Range<Int>, sourceUnit: Int, sourceRange: Range<Int>, words: Int) {
        self.narrativeRange = narrativeRange
        self.sourceUnit = sourceUnit
        self.sourceRange = sourceRange
        self.words = words
    }
}

/// A link between a source and a narrative paragraph (or image caption).
public struct EvidenceLink: Equatable, Sendable {
    /// Index in `Document.sources`.
    public var source: Int
    /// Index of the chapter holding the narrative unit.
    public var chapter: Int
    /// Unit id of the narrative paragraph or caption.
    public var unit: Int
    /// First file line of that unit.
    public var line: Int
    public var kind: EvidenceKind
    /// 1 for quoted; 0-1 for related (a proposal, ranked by it).
    public var score: Double
    /// Quoted: the shared words as the narrative writes them, pieces joined by " … ". Related:
    /// why ("names the work 'My Life'; same date: Nov 1917; Makhno named").
    public var evidence: String
    /// The shared words on both sides (quoted links, and related ones where both quote a
    /// third text), in narrative order; empty for other related links.
    public var spans: [SharedSpan]

    public init(source: Int, chapter: Int, unit: Int, line: Int, kind: EvidenceKind, score: Double,
                evidence: String, spans: [SharedSpan]) {
        self.source = source
        self.chapter = chapter
        self.unit = unit
        self.line = line
        self.kind = kind
        self.score = score
        self.evidence = evidence
        self.spans = spans
    }
}

enum EvidenceFinder {
    /// Words in a shingle: the shortest shared run looked for.
    static let gramWords = 5
    /// A shared run this long makes a quotation on its own. On the bundled book the longest
    /// run shared by chance is 7 words ("the interests of the working class to"), the shortest
    /// real quotation 8 (a phrase of Lenin's testament, quoted by a source and the narrative).
    static let anchorWords = 8
    /// Pieces of at least `gramWords` each that together make a quotation cut by "...".
    static let piecesWords = 14
    /// A shingle found in more source paragraphs than this says nothing about which.
    static let postingsLimit = 16
    /// Related links kept per source, and the score they need.
    static let relatedPerSource = 3
    static let relatedThreshold = 0.45

    /// Words a narrative paragraph shares with a source paragraph: word ranges on both sides,
    /// and what the source's side needs later (its scalar range, and whether every word of it
    /// stands in quotation marks), so the source's words need not be kept.
    struct Segment {
        var sourceScan: Int
        var n: Range<Int>
        var s: Range<Int>
        var sourceChars: Range<Int>
        var sourceQuoted: Bool
    }

    /// A run of words a probed text shares with an indexed one: word ranges in each.
    struct Run {
        var indexed: Int
        var probe: Range<Int>
        var indexedRange: Range<Int>
    }

    /// A table from shingle hash to the source positions holding it (open addressing).
    struct ShingleTable {
        var keys: [UInt64]
        var heads: [Int32]
        var next: [Int32] = []
        var scans: [Int32] = []
        var positions: [Int32] = []
        var counts: [UInt8]
        let mask: Int

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            keys = [UInt64](repeating: 0, count: size)
            heads = [Int32](repeating: -1, count: size)
            counts = [UInt8](repeating: 0, count: size)
            mask = size - 1
        }

        @inline(__always) func slot(_ key: UInt64) -> Int {
            // The product's high half: `>>` binds tighter than `&*`, and the low bits of a
            // product by an even constant left three in four slots unused (long probes).
            let mixed = (key ^ (key >> 29)) &* 0x9E37_79B9_7F4A_7C15
            var i = Int(truncatingIfNeeded: mixed >> 32) & mask
            while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
            return i
        }

        mutating func insert(_ key: UInt64, scan: Int, position: Int) {
            let i = slot(key)
            if keys[i] == 0 { keys[i] = key }
            guard counts[i] < EvidenceFinder.postingsLimit else { return }
            counts[i] += 1
            next.append(heads[i])
            scans.append(Int32(scan))
            positions.append(Int32(position))
            heads[i] = Int32(scans.count - 1)
        }

        @inline(__always) func first(_ key: UInt64) -> Int32 {
            let i = slot(key)
            return keys[i] == key ? heads[i] : -1
        }
    }

    @inline(__always) static func gram(_ hashes: UnsafeBufferPointer<UInt64>, _ at: Int) -> UInt64 {
        var h: UInt64 = 0x84222325
        for k in at..<(at + gramWords) { h = (h &* 0x100000001b3) ^ hashes[k] &+ UInt64(k - at) }
        return h == 0 ? 1 : h
    }

    /// The sources' paragraphs scanned (kept: quotations are checked and located in them),
    /// and the narrative's paragraphs and captions (ids only: each is scanned when its turn
    /// comes and dropped after, so the narrative's words are never all in memory).
    struct Scanned {
        var sourceUnits: [Int] = []
        var sourceOf: [Int] = []
        var narrativeUnits: [Int] = []
    }

    static func scan(_ book: Book) -> Scanned {
        var result = Scanned()
        for (index, range) in book.sourceUnits.enumerated() {
            for id in range where book.units[id].kind == .paragraph {
                result.sourceUnits.append(id)
                result.sourceOf.append(index)
            }
        }
        for range in book.chapterUnits {
            for id in range where book.units[id].kind == .paragraph || book.units[id].kind == .figureCaption {
                result.narrativeUnits.append(id)
            }
        }
        return result
    }

    /// The runs being grown while a text is probed, kept between texts so that probing a
    /// paragraph allocates only its result.
    struct RunScratch {
        var active: [(scan: Int, diagonal: Int, start: Int, sStart: Int, last: Int)] = []
    }

    /// The runs of `gramWords` words or more that `words` shares with the indexed texts.
    static func runs(_ words: ScannedWords, table: ShingleTable, indexed: [ScannedWords],
                     scratch: inout RunScratch) -> [Run] {
        guard words.count >= gramWords else { return [] }
        var found: [Run] = []
        scratch.active.removeAll(keepingCapacity: true)
        words.hashes.withUnsafeBufferPointer { hashes in
            for i in 0...(words.count - gramWords) {
                var posting = table.first(gram(hashes, i))
                while posting >= 0 {
                    let p = Int(posting)
                    let scan = Int(table.scans[p]), at = Int(table.positions[p])
                    posting = table.next[p]
                    let same = indexed[scan].hashes.withUnsafeBufferPointer { other in
                        for k in 0..<gramWords where other[at + k] != hashes[i + k] { return false }
                        return true
                    }
                    guard same else { continue }
                    if let r = scratch.active.firstIndex(where: { $0.scan == scan && $0.diagonal == at - i && $0.last == i - 1 }) {
                        scratch.active[r].last = i
                    } else {
                        scratch.active.append((scan, at - i, i, at, i))
                    }
                }
                var r = 0
                while r < scratch.active.count {
                    let run = scratch.active[r]
                    if run.last < i {
                        let length = run.last - run.start + gramWords
                        found.append(Run(indexed: run.scan, probe: run.start..<(run.start + length),
                                         indexedRange: run.sStart..<(run.sStart + length)))
                        scratch.active.remove(at: r)
                    } else {
                        r += 1
                    }
                }
            }
        }
        for run in scratch.active {
            let length = run.last - run.start + gramWords
            found.append(Run(indexed: run.scan, probe: run.start..<(run.start + length), indexedRange: run.sStart..<(run.sStart + length)))
        }
        return found
    }

    /// A segment for words `range` of a source paragraph.
    static func segment(sourceScan: Int, n: Range<Int>, s range: Range<Int>, source words: ScannedWords) -> Segment {
        Segment(sourceScan: sourceScan, n: n, s: range,
                sourceChars: Int(words.starts[range.lowerBound])..<Int(words.ends[range.upperBound - 1]),
                sourceQuoted: range.allSatisfy { words.isQuoted($0) })
    }

    /// One narrative paragraph's segments, merged where one or two words apart on the same
    /// source paragraph and nearly the same diagonal (a variant spelling or a word changed
    /// inside one quotation), in narrative order.
    static func merged(_ found: [Segment]) -> [Segment] {
        var merged: [Segment] = []
        for segment in found.sorted(by: { ($0.sourceScan, $0.n.lowerBound) < ($1.sourceScan, $1.n.lowerBound) }) {
            if var last = merged.last, last.sourceScan == segment.sourceScan {
                let nGap = segment.n.lowerBound - last.n.upperBound
                let sGap = segment.s.lowerBound - last.s.upperBound
                if nGap <= 2 && sGap <= 2 && nGap >= -gramWords && sGap >= -gramWords && abs(nGap - sGap) <= 1 {
                    last.n = last.n.lowerBound..<max(last.n.upperBound, segment.n.upperBound)
                    if segment.s.upperBound > last.s.upperBound {
                        last.s = last.s.lowerBound..<segment.s.upperBound
                        last.sourceChars = last.sourceChars.lowerBound..<segment.sourceChars.upperBound
                    }
                    last.sourceQuoted = last.sourceQuoted && segment.sourceQuoted
                    merged[merged.count - 1] = last
                    continue
                }
            }
            merged.append(segment)
        }
        return merged.sorted { $0.n.lowerBound < $1.n.lowerBound }
    }

    /// Builds the shingle table of `scans`.
    static func table(of scans: [ScannedWords]) -> ShingleTable {
        var table = ShingleTable(capacity: scans.reduce(0) { $0 + max(0, $1.count - gramWords + 1) })
        for (s, words) in scans.enumerated() where words.count >= gramWords {
            words.hashes.withUnsafeBufferPointer { hashes in
                for p in 0...(words.count - gramWords) { table.insert(gram(hashes, p), scan: s, position: p) }
            }
        }
        return table
    }

    /// What the catalog needs besides the links, read while finding them so that no text is
    /// scanned twice.
    struct Findings {
        var links: [EvidenceLink]
        /// Every date each source's paragraphs state, in book order (for `Hindsight`).
        var datesOfSource: [[DateKey]]
        /// For each narrative unit that quotes a source: the dates it states, each with the
        /// scalar offset of its first word.
        var narrativeDates: [Int: [(start: Int, key: DateKey)]]
    }

    /// `indexSources`: which side goes into the shingle table (nil: the smaller, so that memory
    /// follows the smaller side and the larger is read a paragraph at a time); the links are
    /// the same either way.
    static func find(book: Book, entries: [SourceInfo], indexSources: Bool? = nil,
                     parallelism: Parallelism = .automatic) -> [EvidenceLink] {
        findings(book: book, entries: entries, indexSources: indexSources, parallelism: parallelism).links
    }

    /// The links and what else was read on the way. Scanning, probing and reading the
    /// narrative are done in parts side by side on a large book (each part in book order,
    /// joined in order); only the shingle table is built on one thread, in book order, since
    /// which postings it keeps depends on that order.
    static func findings(book: Book, entries: [SourceInfo], indexSources: Bool? = nil,
                         parallelism: Parallelism = .automatic) -> Findings {
        let scanned = scan(book)
        func bytes(_ ids: [Int]) -> Int { ids.reduce(0) { $0 + book.units[$1].text.utf8.count } }
        let sourceBytes = bytes(scanned.sourceUnits), narrativeBytes = bytes(scanned.narrativeUnits)
        let sourcesIndexed = indexSources ?? (sourceBytes <= narrativeBytes)
        let workers = parallelism.workers(forBytes: sourceBytes + narrativeBytes)
        func parts(_ ids: [Int]) -> [Range<Int>] {
            Parallelism.split(ids.count, parts: workers) { book.units[ids[$0]].text.utf8.count + 1 }
        }
        // Every date each source states (its paragraphs scanned once, whichever side is indexed).
        var datesOfSource = [[DateKey]](repeating: [], count: entries.count)
        // Sources indexed: their words kept, each narrative paragraph probed as it comes.
        // Narrative indexed: its words kept, each source paragraph probed once, its segments
        // filed under the narrative paragraphs they touch.
        var sourceScans: [ScannedWords] = []
        var narrativeScans: [ScannedWords] = []
        var table: ShingleTable
        var filed: [[Segment]] = []
        if sourcesIndexed {
            let sourceParts = parts(scanned.sourceUnits)
            let read = Parallelism.map(sourceParts.count) { k -> [(ScannedWords, [DateKey])] in
                var scanner = WordScanner()
                return sourceParts[k].map { s in
                    let words = scanner.scan(book.units[scanned.sourceUnits[s]].text)
                    return (words, DateFinder.dates(in: words).map(\.key))
                }
            }
            sourceScans.reserveCapacity(scanned.sourceUnits.count)
            for part in read {
                for (words, dates) in part {
                    datesOfSource[scanned.sourceOf[sourceScans.count]] += dates
                    sourceScans.append(words)
                }
            }
            table = Self.table(of: sourceScans)
        } else {
            let narrativeParts = parts(scanned.narrativeUnits)
            narrativeScans = Parallelism.map(narrativeParts.count) { k -> [ScannedWords] in
                var scanner = WordScanner()
                return narrativeParts[k].map { scanner.scan(book.units[scanned.narrativeUnits[$0]].text) }
            }.flatMap { $0 }
            table = Self.table(of: narrativeScans)
            filed = Array(repeating: [], count: narrativeScans.count)
            let sourceParts = parts(scanned.sourceUnits)
            var probed = Parallelism.map(sourceParts.count) { k -> (dates: [[DateKey]], segments: [(Int, Segment)]) in
                var scanner = WordScanner()
                var words = ScannedWords()
                var dates: [[DateKey]] = []
                var segments: [(Int, Segment)] = []
                var scratch = RunScratch()
                for s in sourceParts[k] {
                    var text = book.units[scanned.sourceUnits[s]].text
                    text.withUTF8 { scanner.scan($0, recordingBytes: false, into: &words) }
                    dates.append(DateFinder.dates(in: words).map(\.key))
                    for run in runs(words, table: table, indexed: narrativeScans, scratch: &scratch) {
                        segments.append((run.indexed, segment(sourceScan: s, n: run.indexedRange, s: run.probe, source: words)))
                    }
                }
                return (dates, segments)
            }
            for k in probed.indices {
                // Taken out, so that each part's segments are freed once filed.
                let part = probed[k]
                probed[k] = ([], [])
                for (i, s) in sourceParts[k].enumerated() { datesOfSource[scanned.sourceOf[s]] += part.dates[i] }
                for (n, segment) in part.segments { filed[n].append(segment) }
            }
        }
        var monthDates = datesOfSource.map { $0.filter { $0.month != nil } }
        let proposals = RelatedFinder(book: book, entries: entries, scanned: scanned, datesOfSource: monthDates)
        monthDates = []
        // The narrative, a part per thread: each part's links and proposals, joined in order.
        let narrativeParts = parts(scanned.narrativeUnits)
        let read = Parallelism.map(narrativeParts.count) { k -> (Findings, RelatedFinder) in
            var reader = NarrativeReader(book: book, scanned: scanned, proposals: proposals)
            var scratch = RunScratch()
            for n in narrativeParts[k] {
                let words = sourcesIndexed ? reader.scanner.scan(book.units[scanned.narrativeUnits[n]].text) : narrativeScans[n]
                let segments = merged(sourcesIndexed
                    ? runs(words, table: table, indexed: sourceScans, scratch: &scratch).map {
                        segment(sourceScan: $0.indexed, n: $0.probe, s: $0.indexedRange, source: sourceScans[$0.indexed])
                    }
                    : filed[n])
                reader.read(n, words: words, segments: segments)
            }
            return (Findings(links: reader.links, datesOfSource: [], narrativeDates: reader.narrativeDates), reader.proposals)
        }
        var links: [EvidenceLink] = []
        var narrativeDates: [Int: [(start: Int, key: DateKey)]] = [:]
        var related = proposals
        for (part, finder) in read {
            links += part.links
            narrativeDates.merge(part.narrativeDates) { first, _ in first }
            related.absorb(finder)
        }
        return Findings(links: links + related.links(), datesOfSource: datesOfSource, narrativeDates: narrativeDates)
    }

    /// Reads narrative paragraphs one after another: their quotations (links) and what they
    /// offer the proposals.
    struct NarrativeReader {
        let book: Book
        let scanned: Scanned
        var proposals: RelatedFinder
        var scanner = WordScanner()
        var links: [EvidenceLink] = []
        var narrativeDates: [Int: [(start: Int, key: DateKey)]] = [:]

        init(book: Book, scanned: Scanned, proposals: RelatedFinder) {
            self.book = book
            self.scanned = scanned
            self.proposals = proposals
        }

        /// Narrative paragraph `n`, its words scanned and its segments found.
        mutating func read(_ n: Int, words: ScannedWords, segments: [Segment]) {
            let id = scanned.narrativeUnits[n]
            let unit = book.units[id]
            guard case .chapter(let chapter) = unit.container else { return }
            let dates = DateFinder.dates(in: words)
            // What this paragraph shares with the sources: quotations (links now), and a text
            // both quote or a title both name (evidence for a proposal).
            var quotedSources = Set<Int>()
            var bothQuote: [(source: Int, evidence: String, spans: [SharedSpan])] = []
            var titleNamed: [(source: Int, title: String)] = []
            defer {
                proposals.consider(n, unit: id, words: words, dates: dates, quoted: quotedSources,
                                   bothQuote: bothQuote, titleNamed: titleNamed)
                if !quotedSources.isEmpty {
                    narrativeDates[id] = dates.map { (Int(words.starts[$0.words.lowerBound]), $0.key) }
                }
            }
            guard !segments.isEmpty else { return }
            var bySource: [Int: [Segment]] = [:]
            var order: [Int] = []
            for segment in segments {
                let source = scanned.sourceOf[segment.sourceScan]
                if bySource[source] == nil { order.append(source) }
                bySource[source, default: []].append(segment)
            }
            for source in order {
                var own: [Segment] = [], third: [Segment] = []
                for segment in bySource[source]! {
                    let capitals = segment.n.filter { words.isCapitalised($0) }.count
                    if capitals * 2 >= segment.n.count {
                        titleNamed.append((source, excerpt(book, unit.id, words, segment.n)))
                        continue
                    }
                    if segment.sourceQuoted { third.append(segment) } else { own.append(segment) }
                }
                func quotes(_ pieces: [Segment]) -> Bool {
                    let longest = pieces.map(\.n.count).max() ?? 0
                    let total = pieces.reduce(0) { $0 + $1.n.count }
                    return longest >= anchorWords || (pieces.count >= 2 && total >= piecesWords)
                }
                func spans(_ pieces: [Segment]) -> [SharedSpan] {
                    pieces.map { piece in
                        SharedSpan(narrativeRange: Int(words.starts[piece.n.lowerBound])..<Int(words.ends[piece.n.upperBound - 1]),
                                   sourceUnit: scanned.sourceUnits[piece.sourceScan], sourceRange: piece.sourceChars,
                                   words: piece.n.count)
                    }
                }
                func evidence(_ pieces: [Segment]) -> String {
                    var seen: [Range<Int>] = []
                    var parts: [String] = []
                    for piece in pieces where !seen.contains(where: { $0.overlaps(piece.n) }) {
                        seen.append(piece.n)
                        parts.append(excerpt(book, unit.id, words, piece.n))
                    }
                    return parts.joined(separator: " … ")
                }
                if quotes(own) {
                    let all = (own + third).sorted { $0.n.lowerBound < $1.n.lowerBound }
                    links.append(EvidenceLink(source: source, chapter: chapter, unit: unit.id, line: unit.line, kind: .quoted,
                                              score: 1, evidence: evidence(all), spans: spans(all)))
                    quotedSources.insert(source)
                } else if quotes(third) {
                    bothQuote.append((source, "both quote \u{201C}\(evidence(third))\u{201D}", spans(third)))
                }
            }
        }
    }

    /// The narrative's own text for words `range`.
    static func excerpt(_ book: Book, _ unit: Int, _ words: ScannedWords, _ range: Range<Int>) -> String {
        let from = Int(words.starts[range.lowerBound]), to = Int(words.ends[range.upperBound - 1])
        let scalars = book.units[unit].text.unicodeScalars
        // From the nearest piece of a long paragraph, not from its start each time.
        let start = book.index(ofScalar: from, inUnit: unit)
        let end = scalars.index(start, offsetBy: to - from)
        return String(scalars[start..<end])
    }
}
