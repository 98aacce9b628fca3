// Finds the dates of a book's text (see BookDates.swift for what is reported, DECISIONS.md for
// why). Each unit that holds a digit is folded once into words by `WordScanner` (hashes,
// scalar and byte offsets, numbers and flags; nothing allocated per word), and the words are
// read left to right:
//
// - Full dates: day, month, year in either order, ordinals and commas allowed ("7th November,
//   1879", "23 January 1905", "17th of March, 1921", "August 28, 1940"); a month and year
//   ("October, 1917", "January 1918"). Month names must be capitalised ("may", "march" are
//   words); abbreviations ("Nov.") count only beside a day or a year.
// - A day and month without a year ("On 6th November", "13-14 February", "May 24") and a
//   month alone after a word of time ("in July", "during May") count only when a year is
//   stated in the same sentence: the nearest one, after or before. Never from the chapter.
//   So a month followed by a capitalised word ("October Revolution", "April Theses", "July
//   Days") or after "the" is a name, not a date.
// - A year is four digits from 1000 to 2099, not part of a larger number ("1,000", "2.1905"),
//   not a decade ("1920s"). It is a date when a cue says so: a month or day beside it, a range,
//   parentheses, or a word of time before it ("in", "of", "since", "summer", ...). A year
//   without a cue ("1904 was a bad year", "the 1905 Russian Revolution") is a date when it
//   falls within the years the book's cued dates span (give or take 10); a number followed by what it counts
//   ("1500 men", "2000 roubles") or labelled ("page 1905", "No. 1917") never is. A year
//   directly followed by another in parentheses ends a cited title ("The Bolshevik Revolution
//   of 1917 (1967)") and is part of the title, not a date.
// - A written range gives both years: "1905-06", "1917-8", "1905–1907", "1917/18".
//
// Kinds: the date a source's header gives as its date of writing (the catalog's) is `source`;
// a date in parentheses right after a title (a capitalised word or a title's "!" or "?", not a
// person the register names: "Zinaida Volkova (1901)" is a birth) or after a passive
// "was published" in the same clause is `publication`; every other date is an `event`.

enum DateExtractor {
    struct Result {
        var dates: [DatedPassage]
        var rejected: [RejectedNumber]
    }

    /// A unit's text cut into stretches of about 256 KB ending after a sentence, so a
    /// paragraph of megabytes (a book without line breaks) is read a stretch at a time.
    static let chunkBytes = 1 << 18

    /// How far outside the years of its cued dates a bare number may be and still be a year.
    static let spanMargin = 10

    /// A large book's units are read in parts side by side, each into its own state, and the
    /// states joined in book order before the years are settled (which looks across units).
    static func extract(book: Book, catalog: SourceCatalog?, parallelism: Parallelism = .automatic) -> Result {
        var state = State(book: book)
        var scanner = WordScanner()
        // The sources' dates of writing, by header unit: the catalog's, or the same reading.
        for index in book.document.sources.indices {
            guard let header = book.sourceUnits[index].first, book.units[header].kind == .sourceHeader else { continue }
            let date = catalog.map { $0.entries[index].date }
                ?? SourceCatalog.readHeader(ofSource: index, book: book, scanner: &scanner)?.date
            if let date { state.sourceDates[header] = date.range }
        }
        let units = book.units
        let bytes = units.reduce(0) { $0 + $1.text.utf8.count }
        let parts = Parallelism.split(units.count, parts: parallelism.workers(forBytes: bytes)) { units[$0].text.utf8.count + 1 }
        let read = Parallelism.map(parts.count) { k -> State in
            var part = State(book: book)
            part.sourceDates = state.sourceDates
            var scanner = WordScanner()
            var words = ScannedWords()
            for unit in units[parts[k]] { readUnit(unit, into: &part, scanner: &scanner, words: &words) }
            return part
        }
        for part in read {
            // A stretch's number tells the stretches apart: renumbered as one thread counts them.
            let first = state.chunkCount
            state.found += part.found.map { var found = $0; found.chunk += first; return found }
            state.rejected += part.rejected
            state.chunkCount += part.chunkCount
        }
        return state.finish()
    }

    /// The dates of one unit, into `state`.
    static func readUnit(_ unit: TextUnit, into state: inout State, scanner: inout WordScanner, words: inout ScannedWords) {
        switch unit.kind {
        case .heading, .paragraph, .figureCaption, .sourceHeader: break
        case .title, .figureAlt, .sourcesHeading: return
        }
        if state.book.document.isEditionMatter(unit) { return }
        var text = unit.text
        text.makeContiguousUTF8()
        _ = text.utf8.withContiguousStorageIfAvailable { bytes in
            // Only the sentences holding a digit can hold a date (and the words a date's
            // reading looks at stand in its sentence).
            for window in sentencesWithDigits(bytes) {
                var start = window.bytes.lowerBound, scalarBase = window.scalarBase
                while start < window.bytes.upperBound {
                    let end = chunkEnd(bytes, from: start, to: window.bytes.upperBound)
                    let chunk = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    scanner.scan(chunk, recordingBytes: true, into: &words)
                    let reader = ChunkReader(words: words, bytes: chunk, unit: unit.id,
                                             scalarBase: scalarBase, chunk: state.chunkCount)
                    reader.read(into: &state)
                    state.chunkCount += 1
                    if end < window.bytes.upperBound { scalarBase += chunk.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
                    start = end
                }
            }
        }
    }

    /// The runs of whole sentences of a text that hold a digit, with the scalar offset where
    /// each starts. A sentence ends here only where `ChunkReader.endsSentence` would end it too
    /// and more surely (". " after a lower-case word of five letters or a year, "! " or "? ",
    /// then a capital or a quotation mark), so each run is whole sentences by the reader's rule.
    /// Only digits and `. ! ?` need a look (the words before a full stop are looked back at),
    /// and scalars are counted only up to where a run starts.
    static func sentencesWithDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> [(bytes: Range<Int>, scalarBase: Int)] {
        var runs: [(bytes: Range<Int>, scalarBase: Int)] = []
        guard let base = bytes.baseAddress else { return [] }
        let count = bytes.count
        var sentenceStart = 0, hasDigit = false
        var counted = 0, scalars = 0
        func scalarOffset(_ end: Int) -> Int {
            while counted < end {
                scalars &+= base[counted] & 0xC0 != 0x80 ? 1 : 0
                counted += 1
            }
            return scalars
        }
        func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
        func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
        var i = 0
        while i < count {
            // Eight bytes at a time past text with nothing to look at (most of it).
            if i + 8 <= count, !holdsLooked(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let b = base[i]
            if b >= 0x40 || Self.looked & (1 << UInt64(b)) == 0 {
                i += 1
                continue
            }
            if isDigit(b) {
                hasDigit = true
                i += 1
                continue
            }
            // `. ! ?`, a space, then a capital or a quotation mark; a full stop only after five
            // lower-case letters or exactly four digits.
            if i + 2 < count, base[i + 1] == 0x20, base[i + 2] &- 0x41 < 26 || base[i + 2] == 0x22,
               b != 0x2E
                || (i >= 5 && isLower(base[i - 1]) && isLower(base[i - 2]) && isLower(base[i - 3])
                    && isLower(base[i - 4]) && isLower(base[i - 5]))
                || (i >= 4 && isDigit(base[i - 1]) && isDigit(base[i - 2]) && isDigit(base[i - 3])
                    && isDigit(base[i - 4]) && (i == 4 || !isDigit(base[i - 5]))) {
                if hasDigit {
                    if let last = runs.last, last.bytes.upperBound == sentenceStart {
                        runs[runs.count - 1].bytes = last.bytes.lowerBound..<(i + 2)
                    } else {
                        runs.append((sentenceStart..<(i + 2), scalarOffset(sentenceStart)))
                    }
                }
                sentenceStart = i + 2
                hasDigit = false
            }
            i += 1
        }
        if hasDigit {
            if let last = runs.last, last.bytes.upperBound == sentenceStart {
                runs[runs.count - 1].bytes = last.bytes.lowerBound..<count
            } else {
                runs.append((sentenceStart..<count, scalarOffset(sentenceStart)))
            }
        }
        return runs
    }

    /// The bytes `sentencesWithDigits` stops at, all below 0x40: digits and `. ! ?`, as bits.
    static let looked: UInt64 = 0x83FF_4002_0000_0000

    /// Whether any of eight bytes is a digit or `. ! ?` (exact, by the bit tricks for a zero
    /// byte and a byte between two values).
    @inline(__always)
    static func holdsLooked(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & high != 0 }
        // A byte above 0x2F and below 0x3A.
        let low = x & 0x7F7F_7F7F_7F7F_7F7F
        let digit = ((ones &* (127 + 0x3A)) &- low) & ~x & (low &+ ones &* (127 - 0x2F)) & high
        return digit != 0 || hasZero(x ^ (ones &* 0x2E)) || hasZero(x ^ (ones &* 0x21)) || hasZero(x ^ (ones &* 0x3F))
    }

    /// Where the stretch starting at `start` ends (before `limit`): after the first sentence
    /// end past `chunkBytes`, else after a space, else at a scalar's start.
    static func chunkEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to limit: Int) -> Int {
        guard limit - start > chunkBytes + 8192 else { return limit }
        var end = start + chunkBytes
        let stop = end + 4096
        var space: Int?
        while end < stop {
            if bytes[end] == 0x20 {
                if space == nil { space = end + 1 }
                if bytes[end - 1] == 0x2E, end >= 2, bytes[end - 2] &- 0x61 < 26 { return end + 1 }
            }
            end += 1
        }
        if let space { return space }
        end = start + chunkBytes
        while bytes[end] & 0xC0 == 0x80 { end += 1 }
        return end
    }

    // MARK: What is collected across the book

    /// A date as first found: its words, whether a cue made it a year, and (for a day and
    /// month without a year) the sentence where its year must be.
    struct Found {
        var key: DateKey
        var unit: Int
        var range: Range<Int>
        var text: String
        var part: DatedPassage.Part
        var kind: DateKind
        var cued: Bool
        var chunk: Int
        var words: ClosedRange<Int>
        /// Set for a date still needing its year: the words of its sentence.
        var sentence: ClosedRange<Int>?
        var yearRange: Range<Int>?
        var context: String
        var contextRange: Range<Int>
    }

    struct State {
        let book: Book
        var sourceDates: [Int: Range<Int>] = [:]
        var found: [Found] = []
        var rejected: [RejectedNumber] = []
        var chunkCount = 0

        init(book: Book) { self.book = book }

        /// Settles the years without a cue (by the span of the cued ones), then the days and
        /// months without a year (by their sentence's nearest year).
        mutating func finish() -> DateExtractor.Result {
            // The years the cued dates span, widened by `spanMargin` each way ("1904 was a bad
            // year" in a book whose cued dates start in 1905).
            let cuedYears = found.filter { $0.cued && $0.sentence == nil }.map(\.key.year)
            let span = cuedYears.min().flatMap { low in
                cuedYears.max().map { (low - DateExtractor.spanMargin)...($0 + DateExtractor.spanMargin) }
            }
            var kept: [Found] = []
            for date in found {
                if !date.cued && date.sentence == nil {
                    guard let span, span.contains(date.key.year) else {
                        rejected.append(RejectedNumber(unit: date.unit, range: date.range,
                                                       text: date.text, reason: .outsideSpan))
                        continue
                    }
                }
                kept.append(date)
            }
            // Years for the days and months that need one: the nearest stated year of an event
            // in the same sentence (same unit and stretch), following on a tie.
            var resolved: [Found] = []
            var i = 0
            while i < kept.count {
                var date = kept[i]
                if let sentence = date.sentence {
                    var best: (distance: Int, year: Int, range: Range<Int>)?
                    func consider(_ other: Found) {
                        guard other.sentence == nil, other.kind == .event, sentence.contains(other.words.lowerBound) else { return }
                        let after = other.words.lowerBound > date.words.upperBound
                        let distance = after ? other.words.lowerBound - date.words.upperBound
                                             : date.words.lowerBound - other.words.upperBound
                        if best == nil || distance < best!.distance || (distance == best!.distance && after) {
                            best = (distance, other.key.year, other.range)
                        }
                    }
                    // Dates are in reading order: look only as far as the sentence reaches.
                    func sameStretch(_ j: Int) -> Bool { kept[j].unit == date.unit && kept[j].chunk == date.chunk }
                    var j = i - 1
                    while j >= 0, sameStretch(j), kept[j].words.upperBound >= sentence.lowerBound { consider(kept[j]); j -= 1 }
                    j = i + 1
                    while j < kept.count, sameStretch(j), kept[j].words.lowerBound <= sentence.upperBound { consider(kept[j]); j += 1 }
                    if let best {
                        date.key.year = best.year
                        date.yearRange = best.range
                        date.sentence = nil
                        resolved.append(date)
                    }
                } else {
                    resolved.append(date)
                }
                i += 1
            }
            let dates = resolved.map { date -> DatedPassage in
                let unit = book.units[date.unit]
                let (line, column) = unit.paragraph.position(ofScalarOffset: date.range.lowerBound)
                return DatedPassage(key: date.key, kind: date.kind, unit: date.unit, container: unit.container,
                                    range: date.range, line: line, column: column, text: date.text,
                                    part: date.part, yearRange: date.yearRange, context: date.context,
                                    contextRange: date.contextRange)
            }
            return DateExtractor.Result(dates: dates, rejected: rejected)
        }
    }
}

// MARK: Reading one stretch of a unit

/// The words of one stretch of a unit and the bytes between them.
struct ChunkReader {
    let words: ScannedWords
    let bytes: UnsafeBufferPointer<UInt8>
    let unit: Int
    let scalarBase: Int
    let chunk: Int

    var count: Int { words.count }

    // Words, by their folded hashes.
    static func hashes(_ list: [String]) -> Set<UInt64> { Set(list.map(WordScanner.hash(ofASCII:))) }
    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december"].map(WordScanner.hash(ofASCII:))
    static let monthAbbreviations: [UInt64: Int] = {
        var table: [UInt64: Int] = [:]
        for (i, names) in [["jan"], ["feb"], ["mar"], ["apr"], [], ["jun"], ["jul"], ["aug"], ["sep", "sept"],
                           ["oct"], ["nov"], ["dec"]].enumerated() {
            for name in names { table[WordScanner.hash(ofASCII: name)] = i + 1 }
        }
        return table
    }()
    /// Words after which a four-digit number is a year.
    static let yearCues = hashes(["in", "of", "since", "until", "till", "by", "from", "to", "between", "and", "or",
                                  "during", "before", "after", "early", "late", "mid", "summer", "winter", "spring",
                                  "autumn", "fall", "year", "circa", "c", "throughout", "through"])
    /// Words after which a month alone is a time ("in July"): it then needs a year in its sentence.
    static let monthCues = hashes(["in", "during", "until", "till", "since", "by", "early", "late", "mid", "before",
                                   "after", "from", "between"])
    /// What a number counts ("1500 men"): then it is not a year.
    static let countNouns = hashes(["men", "women", "people", "persons", "workers", "soldiers", "sailors", "troops",
                                    "delegates", "members", "votes", "copies", "roubles", "rubles", "dollars", "pounds",
                                    "francs", "marks", "kopecks", "miles", "kilometres", "kilometers", "km", "metres",
                                    "meters", "feet", "yards", "tons", "tonnes", "prisoners", "casualties", "dead",
                                    "hours", "minutes", "seconds", "days", "weeks", "pages", "words", "guns", "rifles",
                                    "horses", "strong", "per", "percent", "am", "pm", "hrs", "children", "peasants",
                                    "strikers", "demonstrators", "signatures", "names", "letters", "officers"])
    /// Labels of numbers that are not years ("page 1905", "No. 1917").
    static let numberLabels = hashes(["no", "nos", "p", "pp", "page", "pages", "number", "vol", "volume", "ch",
                                      "chapter", "line", "lines", "room", "route", "platform"])
    static let abbreviations = hashes(["st", "mr", "mrs", "ms", "dr", "gen", "col", "capt", "lt", "sgt", "prof", "rev",
                                       "no", "jr", "sr", "mt", "vs", "co", "gov", "sen", "p", "pp", "vol", "ch", "cf"])
    static let of = WordScanner.hash(ofASCII: "of")
    static let decadeS = WordScanner.hash(ofASCII: "s")
    static let mid = WordScanner.hash(ofASCII: "mid")
    static let published = hashes(["published", "republished", "reprinted"])
    static let passive = hashes(["was", "were", "been", "be", "is", "are", "being"])
    static let passiveAdverbs = hashes(["first", "later", "eventually", "finally", "also", "only", "not", "then",
                                        "subsequently", "originally", "posthumously"])
    static let ordinalSuffixes = ["st", "nd", "rd", "th"].map { Array($0.utf8) }

    // MARK: Words

    func start(_ i: Int) -> Int { Int(words.starts[i]) }
    func end(_ i: Int) -> Int { Int(words.ends[i]) }
    func byteStart(_ i: Int) -> Int { Int(words.byteStarts[i]) }
    func byteEnd(_ i: Int) -> Int { Int(words.byteEnds[i]) }
    func length(_ i: Int) -> Int { end(i) - start(i) }
    func isDigits(_ i: Int) -> Bool { words.numbers[i] >= 0 && words.digitCount(i) == length(i) }

    /// 1-12 for a capitalised month name; `abbreviated` for "Nov" and the like.
    func month(_ i: Int) -> (value: Int, abbreviated: Bool)? {
        guard i >= 0, i < count, words.isCapitalised(i), words.numbers[i] < 0, (3...9).contains(length(i)) else { return nil }
        let h = words.hashes[i]
        if let index = Self.monthNames.firstIndex(of: h) { return (index + 1, false) }
        if let value = Self.monthAbbreviations[h] { return (value, true) }
        return nil
    }

    /// A day of the month: 1-31 in at most two digits, maybe with its ordinal ("7th", "22nd").
    func day(_ i: Int) -> Int? {
        guard i >= 0, i < count, words.numbers[i] >= 1, words.numbers[i] <= 31, words.digitCount(i) <= 2 else { return nil }
        let suffix = length(i) - words.digitCount(i)
        if suffix == 0 { return Int(words.numbers[i]) }
        guard suffix == 2, byteEnd(i) - byteStart(i) == words.digitCount(i) + 2 else { return nil }
        let letters = [bytes[byteEnd(i) - 2] | 0x20, bytes[byteEnd(i) - 1] | 0x20]
        return Self.ordinalSuffixes.contains(letters) ? Int(words.numbers[i]) : nil
    }

    /// A four-digit number that may be a year: 1000-2099, not part of a larger number
    /// ("1,905", "12.1905"), not a decade ("1920's"), not money ("$1905").
    func yearCandidate(_ i: Int) -> Int? {
        guard i >= 0, i < count, words.digitCount(i) == 4, length(i) == 4, words.numbers[i] >= 1000,
              words.numbers[i] <= 2099 else { return nil }
        let before = gap(before: i), after = gap(after: i)
        if i > 0, before.count == 1, bytes[before.lowerBound] == 0x2C || bytes[before.lowerBound] == 0x2E,
           words.numbers[i - 1] >= 0 { return nil }
        if i + 1 < count, after.count == 1, bytes[after.lowerBound] == 0x2C || bytes[after.lowerBound] == 0x2E,
           words.digitCount(i + 1) > 0 { return nil }
        if i + 1 < count, words.hashes[i + 1] == Self.decadeS, isApostrophe(after) { return nil }
        if let last = before.last.map({ bytes[$0] }), last == 0x24 || last == 0x23 || last == 0xA3 || last == 0xAC {
            return nil   // $ # £ €
        }
        return Int(words.numbers[i])
    }

    // MARK: Gaps between words

    func gap(before i: Int) -> Range<Int> { (i == 0 ? 0 : byteEnd(i - 1))..<byteStart(i) }
    func gap(after i: Int) -> Range<Int> { byteEnd(i)..<(i + 1 < count ? byteStart(i + 1) : bytes.count) }

    /// Spaces only (a line break inside a paragraph became one).
    func isBlank(_ r: Range<Int>) -> Bool { blanks(r, commas: 0) }
    /// Spaces and at most one comma: "October, 1917", "August 28, 1940".
    func isBlankOrComma(_ r: Range<Int>) -> Bool { blanks(r, commas: 1) }

    private func blanks(_ r: Range<Int>, commas: Int) -> Bool {
        var seen = 0, k = r.lowerBound
        while k < r.upperBound {
            let b = bytes[k]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { k += 1; continue }
            if b == 0xC2, k + 1 < r.upperBound, bytes[k + 1] == 0xA0 { k += 2; continue }
            if b == 0x2C, seen < commas { seen += 1; k += 1; continue }
            return false
        }
        return true
    }

    func isApostrophe(_ r: Range<Int>) -> Bool {
        (r.count == 1 && bytes[r.lowerBound] == 0x27)
            || (r.count == 3 && bytes[r.lowerBound] == 0xE2 && bytes[r.lowerBound + 1] == 0x80 && bytes[r.lowerBound + 2] == 0x99)
    }

    /// "-" or "/" alone, or an en dash with or without spaces: a range.
    func isRangeDash(_ r: Range<Int>, tight: Bool) -> Bool {
        if r.count == 1 { return bytes[r.lowerBound] == 0x2D || bytes[r.lowerBound] == 0x2F }
        var k = r.lowerBound, dashes = 0
        while k < r.upperBound {
            if bytes[k] == 0x20 && !tight { k += 1; continue }
            if bytes[k] == 0xE2, k + 2 < r.upperBound, bytes[k + 1] == 0x80, bytes[k + 2] == 0x93 { dashes += 1; k += 3; continue }
            return false
        }
        return dashes == 1
    }

    /// The last byte before word `i` that is not a space.
    func lastNonBlank(before i: Int) -> UInt8? {
        var k = byteStart(i) - 1
        let floor = i == 0 ? 0 : byteEnd(i - 1)
        while k >= floor, bytes[k] == 0x20 { k -= 1 }
        return k >= floor ? bytes[k] : nil
    }

    func firstNonBlank(after i: Int) -> UInt8? {
        var k = byteEnd(i)
        let ceiling = i + 1 < count ? byteStart(i + 1) : bytes.count
        while k < ceiling, bytes[k] == 0x20 { k += 1 }
        return k < ceiling ? bytes[k] : nil
    }

    func isParenthesised(_ words: ClosedRange<Int>) -> Bool {
        lastNonBlank(before: words.lowerBound) == 0x28 && firstNonBlank(after: words.upperBound) == 0x29
    }

    /// Whether the gap before word `i` ends a sentence: ".", "!" or "?" and then a space (not
    /// after an initial or an abbreviation such as "St."), or ":" before a quotation.
    func endsSentence(before i: Int) -> Bool {
        guard i > 0 else { return true }
        let r = gap(before: i)
        var k = r.lowerBound
        while k < r.upperBound {
            let b = bytes[k]
            if b == 0x2E || b == 0x21 || b == 0x3F {
                var rest = k + 1, spaced = false
                while rest < r.upperBound {
                    let c = bytes[rest]
                    if c == 0x20 || c == 0x0A { spaced = true } else if c == 0x28 { spaced = false; break }
                    rest += 1
                }
                if spaced {
                    if b == 0x2E, k == r.lowerBound,
                       (length(i - 1) == 1 && words.isCapitalised(i - 1)) || Self.abbreviations.contains(words.hashes[i - 1]) {
                        return false
                    }
                    return true
                }
            } else if b == 0x3A || b == 0x3B {
                // "recalled: "On the morning of ..." starts a new sentence; so does ";".
                return true
            }
            k += 1
        }
        return false
    }

    /// The words of the sentence holding words `range`, at most 120 words each way.
    func sentence(around range: ClosedRange<Int>) -> ClosedRange<Int> {
        var first = range.lowerBound, last = range.upperBound
        while first > 0, range.lowerBound - first < 120, !endsSentence(before: first) { first -= 1 }
        while last + 1 < count, last - range.upperBound < 120, !endsSentence(before: last + 1) { last += 1 }
        return first...last
    }

    func previousWord(_ i: Int, in set: Set<UInt64>) -> Bool {
        i > 0 && isBlank(gap(before: i)) && set.contains(words.hashes[i - 1])
    }

    /// Word `i - 1` labels a number: "page 1905", "No. 1917".
    func isLabelled(_ i: Int) -> Bool {
        guard i > 0, Self.numberLabels.contains(words.hashes[i - 1]) else { return false }
        let r = gap(before: i)
        return isBlank(r) || (bytes[r.lowerBound] == 0x2E && isBlank(r.lowerBound + 1..<r.upperBound))
    }

    // MARK: Reading

    func read(into state: inout DateExtractor.State) {
        var i = 0
        while i < count {
            if let next = readDayFirst(i, &state) ?? readMonthFirst(i, &state) ?? readYear(i, &state) {
                i = next
            } else {
                i += 1
            }
        }
    }

    /// "7th November, 1879", "13-14 February", "17th of March": returns the next word to read.
    func readDayFirst(_ i: Int, _ state: inout DateExtractor.State) -> Int? {
        guard let first = day(i) else { return nil }
        var days = [first]
        var m = i + 1
        if let second = day(i + 1), second > first, isRangeDash(gap(before: i + 1), tight: true) {
            days.append(second)
            m = i + 2
        }
        if m < count, words.hashes[m] == Self.of, isBlank(gap(before: m)), month(m + 1) != nil, isBlank(gap(after: m)) { m += 1 }
        guard let monthValue = month(m)?.value, isBlank(gap(before: m)),
              days.allSatisfy({ $0 <= Self.daysIn(monthValue) }) else { return nil }
        if m + 1 < count, let year = yearCandidate(m + 1), isBlankOrComma(gap(before: m + 1)) {
            add(days.map { DateKey(year: year, month: monthValue, day: $0) }, words: i...(m + 1), cued: true, &state)
            return m + 2
        }
        addNeedingYear(days.map { DateKey(year: 0, month: monthValue, day: $0) }, words: i...m, &state)
        return m + 1
    }

    /// "August 28, 1940", "October, 1917", "May 24", "in July".
    func readMonthFirst(_ i: Int, _ state: inout DateExtractor.State) -> Int? {
        guard let (monthValue, abbreviated) = month(i).map({ ($0.value, $0.abbreviated) }) else { return nil }
        // An abbreviation may be followed by its full stop.
        var after = gap(after: i)
        if abbreviated, !after.isEmpty, bytes[after.lowerBound] == 0x2E { after = after.dropFirst() }
        let joined = isBlank(after), joinedOrComma = isBlankOrComma(after)
        if let d = day(i + 1), joined, d <= Self.daysIn(monthValue), yearCandidate(i + 1) == nil {
            // "November 7th" may take an ordinal.
            if let year = yearCandidate(i + 2), isBlankOrComma(gap(before: i + 2)) {
                add([DateKey(year: year, month: monthValue, day: d)], words: i...(i + 2), cued: true, &state)
                return i + 3
            }
            addNeedingYear([DateKey(year: 0, month: monthValue, day: d)], words: i...(i + 1), &state)
            return i + 2
        }
        if let year = yearCandidate(i + 1), joinedOrComma {
            add([DateKey(year: year, month: monthValue)], words: i...(i + 1), cued: true, &state)
            return i + 2
        }
        // A month alone is a time only after a word of time, and needs a year in its sentence.
        if !abbreviated, previousWord(i, in: Self.monthCues) {
            addNeedingYear([DateKey(year: 0, month: monthValue)], words: i...i, &state)
        }
        return i + 1
    }

    /// "1902", "1905-06", "(1930)".
    func readYear(_ i: Int, _ state: inout DateExtractor.State) -> Int? {
        guard let year = yearCandidate(i) else { return nil }
        // "page 1905", "No. 1917".
        if isLabelled(i) {
            reject(i, .count, &state)
            return i + 1
        }
        // A range: "1905-06", "1917-8", "1905–1907".
        if i + 1 < count, isDigits(i + 1), isRangeDash(gap(after: i), tight: words.digitCount(i + 1) < 4) {
            let digits = words.digitCount(i + 1), value = Int(words.numbers[i + 1])
            var second: Int?
            if digits == 4, let other = yearCandidate(i + 1), other > year, other - year <= 100 { second = other }
            if digits <= 2 {
                let unit = digits == 1 ? 10 : 100
                var other = year - year % unit + value
                if other <= year { other += unit }
                if other > year, other - year < unit { second = other }
            }
            if let second {
                add([DateKey(year: year), DateKey(year: second)], words: i...(i + 1), cued: true, &state)
                return i + 2
            }
        }
        let before = i > 0 && isBlank(gap(before: i)) ? words.hashes[i - 1] : nil
        // "1500 men", "1905 per cent".
        if i + 1 < count, isBlank(gap(after: i)), !words.isCapitalised(i + 1), Self.countNouns.contains(words.hashes[i + 1]) {
            reject(i, .count, &state)
            return i + 1
        }
        if gap(after: i).contains(where: { bytes[$0] == 0x25 }) && firstNonBlank(after: i) == 0x25 {
            reject(i, .count, &state)   // "1905%"
            return i + 1
        }
        let parenthesised = isParenthesised(i...i)
        // "The Bolshevik Revolution of 1917 (1967)": the year ends a title.
        if !parenthesised, i + 1 < count, yearCandidate(i + 1) != nil, isParenthesised((i + 1)...(i + 1)),
           blanks(gap(after: i).dropLast(), commas: 0) {
            reject(i, .inTitle, &state)
            return i + 1
        }
        let cued = parenthesised || (before.map { Self.yearCues.contains($0) } ?? false)
            || (i > 0 && words.hashes[i - 1] == Self.mid && gap(before: i).count == 1)
        add([DateKey(year: year)], words: i...i, cued: cued, &state)
        return i + 1
    }

    static func daysIn(_ month: Int) -> Int { month == 2 ? 29 : [4, 6, 9, 11].contains(month) ? 30 : 31 }

    // MARK: Recording

    func text(_ range: ClosedRange<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[byteStart(range.lowerBound)..<byteEnd(range.upperBound)]), as: UTF8.self)
    }

    func scalarRange(_ range: ClosedRange<Int>) -> Range<Int> {
        (scalarBase + start(range.lowerBound))..<(scalarBase + end(range.upperBound))
    }

    func reject(_ i: Int, _ reason: RejectedNumber.Reason, _ state: inout DateExtractor.State) {
        state.rejected.append(RejectedNumber(unit: unit, range: scalarRange(i...i), text: text(i...i), reason: reason))
    }

    /// Records one expression (both parts of a range); `sentence`: the words where the
    /// year of a day and month without one must be found.
    func add(_ keys: [DateKey], words range: ClosedRange<Int>, cued: Bool, sentence: ClosedRange<Int>? = nil,
             _ state: inout DateExtractor.State) {
        var kind = kind(of: range, state: state)
        // A header's day without its year is not its date of writing.
        if sentence != nil && kind == .source { kind = .event }
        let (context, contextRange) = context(of: range)
        for (n, key) in keys.enumerated() {
            state.found.append(DateExtractor.Found(
                key: key, unit: unit, range: scalarRange(range), text: text(range),
                part: keys.count == 1 ? .single : n == 0 ? .start : .end, kind: kind, cued: cued, chunk: chunk,
                words: range, sentence: sentence, yearRange: nil, context: context, contextRange: contextRange))
        }
    }

    func addNeedingYear(_ keys: [DateKey], words range: ClosedRange<Int>, _ state: inout DateExtractor.State) {
        let sentence = sentence(around: range)
        // No candidate year in the sentence: nothing to wait for.
        guard sentence.contains(where: { yearCandidate($0) != nil }) else { return }
        add(keys, words: range, cued: true, sentence: sentence, &state)
    }

    // MARK: Kinds

    func kind(of range: ClosedRange<Int>, state: DateExtractor.State) -> DateKind {
        let scalars = scalarRange(range)
        if let written = state.sourceDates[unit], written.overlaps(scalars) { return .source }
        if isParenthesised(range), range.lowerBound > 0 {
            // After a title: a capitalised word, a number ending one ("... of 1917 (1967)"), or
            // a title's "!" / "?" ("You Can't Print That! (1929)").
            let title = range.lowerBound - 1
            let gapText = gap(before: range.lowerBound)
            let titled = words.isCapitalised(title) || words.digitCount(title) > 0
                || gapText.contains { bytes[$0] == 0x21 || bytes[$0] == 0x3F }
            if titled {
                let word = scalarRange(title...title)
                let named = state.book.people.mentions(inUnit: unit, overlapping: word)
                if named.isEmpty { return .publication }
            }
            return .event
        }
        // "was first published by the Soviet government in 1924" (same clause, before the date).
        var k = range.lowerBound - 1
        while k >= 0, range.lowerBound - k <= 12, !endsSentence(before: k + 1) {
            if Self.published.contains(words.hashes[k]) {
                var p = k - 1
                while p >= 0, Self.passiveAdverbs.contains(words.hashes[p]) { p -= 1 }
                if p >= 0, Self.passive.contains(words.hashes[p]) { return .publication }
                return .event
            }
            // The clause ends at a comma or parenthesis: "published in 1930, after he left in 1929".
            if gap(before: k + 1).contains(where: { bytes[$0] == 0x28 || bytes[$0] == 0x29 || bytes[$0] == 0x2C }) { break }
            k -= 1
        }
        return .event
    }

    // MARK: Context

    /// The clause around words `range`: back to the start of its sentence or clause (at most
    /// 40 characters), on to its end (the rest of about 100), cut at whole words with "…";
    /// and where the date stands in it (scalar offsets).
    func context(of range: ClosedRange<Int>) -> (String, Range<Int>) {
        let from = byteStart(range.lowerBound), to = byteEnd(range.upperBound)
        func isBlankByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 }
        func nextNonBlank(_ k: Int) -> UInt8? {
            var n = k
            while n < bytes.count, isBlankByte(bytes[n]) { n += 1 }
            return n < bytes.count ? bytes[n] : nil
        }
        func isCut(_ k: Int) -> Bool {
            // Byte k is a space after a sentence's end, a ";", or a ":" opening a quotation
            // (not the colon of a title: "My Life: An Attempt at an Autobiography").
            let b = bytes[k]
            if b == 0x3B { return true }
            if b == 0x3A { return nextNonBlank(k + 1).map { $0 == 0x22 || $0 == 0xE2 || $0 == 0x27 } ?? true }
            guard isBlankByte(b), k > 0, nextNonBlank(k) != 0x28 else { return false }
            var t = k - 1
            while t > 0, bytes[t] == 0x22 || bytes[t] == 0x29 || (bytes[t] == 0x9D && t >= 2 && bytes[t - 2] == 0xE2) {
                t -= bytes[t] == 0x9D ? 3 : 1
            }
            let c = bytes[t]
            guard c == 0x2E || c == 0x21 || c == 0x3F else { return false }
            if c == 0x2E {
                // Not after an initial or a short abbreviation ("J. T. Murphy", "St. Petersburg").
                var w = t
                while w > 0, !isBlankByte(bytes[w - 1]) { w -= 1 }
                let word = t - w
                if word == 1, bytes[w] &- 0x41 < 26 { return false }
                if word <= 3, word >= 1, bytes[w] &- 0x41 < 26,
                   Self.abbreviations.contains(WordScanner.hash(ofFolded: bytes[w..<t].map { UInt32($0 | 0x20) })) {
                    return false
                }
            }
            return true
        }
        var start = from, scalars = 0, cutLeft = false
        while start > 0 {
            if isCut(start - 1) { break }
            if bytes[start - 1] & 0xC0 != 0x80 { scalars += 1 }
            if scalars > 40 { cutLeft = true; break }
            start -= 1
        }
        if cutLeft {
            while start < from, !isBlankByte(bytes[start]) { start += 1 }
        }
        var stop = to, budget = 100 - scalars - (to - from)
        var cutRight = false
        while stop < bytes.count {
            let b = bytes[stop]
            if b == 0x3B { break }
            if (b == 0x2E || b == 0x21 || b == 0x3F), stop + 1 == bytes.count || isCut(stop + 1) { stop += 1; break }
            if b & 0xC0 != 0x80 { budget -= 1 }
            if budget < 0 { cutRight = true; break }
            stop += 1
        }
        if cutRight {
            var back = stop
            while back > to, !isBlankByte(bytes[back - 1]) { back -= 1 }
            if back > to { stop = back }
        }
        // Leading quotes and punctuation, trailing commas and openers go.
        func isLeading(_ b: UInt8, _ k: Int) -> Bool {
            b == 0x20 || b == 0x22 || b == 0x27 || b == 0x28 || b == 0x2C || b == 0x2D || b == 0x0A
                || (b == 0xE2 && k + 2 < stop && bytes[k + 1] == 0x80 && (bytes[k + 2] == 0x9C || bytes[k + 2] == 0x9D))
        }
        while start < from, isLeading(bytes[start], start) { start += bytes[start] == 0xE2 ? 3 : 1 }
        while stop > to, [0x20, 0x2C, 0x28, 0x22, 0x0A].contains(bytes[stop - 1]) { stop -= 1 }
        func scalarCount(_ r: Range<Int>) -> Int { r.reduce(0) { $0 + (bytes[$1] & 0xC0 == 0x80 ? 0 : 1) } }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
        let at = (cutLeft ? 1 : 0) + scalarCount(start..<from)
        return ((cutLeft ? "\u{2026}" : "") + text + (cutRight ? "\u{2026}" : ""), at..<(at + scalarCount(from..<to)))
    }
}
