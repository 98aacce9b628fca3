// The search index, built once per document.
//
// Layout (all flat arrays, so a query is a few binary searches and tight loops):
// - `lower`: the folded text of every unit, concatenated, as lowercase scalar values, with a
//   bitset of which folded scalars were uppercase. Units are addressed by `unitStart`.
// - `origins`: for the rare unit whose folding changed lengths (`œ` -> `oe`, `…` -> `...`,
//   combining accents), the original scalar offset of each folded scalar; nil means identity.
// - words: every word start in book order (`wordStart`, `wordUnit`) with the rank of its
//   lowercase form in the sorted vocabulary (`wordRank`). A typed prefix is a contiguous rank
//   range found by binary search; its occurrences come from per-rank postings lists (already
//   in book order) or, for huge ranges such as `t`, a linear scan of `wordRank`.

public final class SearchIndex: Sendable {
    public let units: [TextUnit]
    /// Chapter titles by chapter index (nil for the untitled opening).
    let chapterTitles: [Int: String]
    /// Source numbers (`(N)`) by source index.
    let sourceNumbers: [Int: Int]

    let lower: [UInt32]
    let upperBits: [UInt64]
    let unitStart: [Int32]
    let origins: [[Int32]?]
    let unitScope: [UInt8]
    /// Ordinal of each unit's container among the containers, in book order.
    let unitGroup: [Int32]
    let groupContainers: [Container]

    let wordStart: [Int32]
    let wordUnit: [Int32]
    let wordRank: [Int32]
    let vocabStart: [Int32]
    let vocabLength: [Int32]
    let postingStart: [Int32]
    let postings: [Int32]
    /// Precomputed hits of the most common one-letter queries (`t`, `a`, `T`), the only ones
    /// that find a large part of the text. Slot `c` holds ASCII letter `c` ignoring case; slot
    /// `128 + c` its lowercase-only and `256 + c` its uppercase-only occurrences.
    let commonLetterHits: [TermHits?]

    static let scopeFront: UInt8 = 0, scopeChapter: UInt8 = 1, scopeSources: UInt8 = 2

    public convenience init(document: Document) {
        var titles: [Int: String] = [:]
        for chapter in document.chapters { if let title = chapter.title { titles[chapter.index] = title } }
        var numbers: [Int: Int] = [:]
        for (index, source) in document.sources.enumerated() { numbers[index] = source.number }
        self.init(units: document.makeUnits(), chapterTitles: titles, sourceNumbers: numbers)
    }

    public init(units: [TextUnit], chapterTitles: [Int: String] = [:], sourceNumbers: [Int: Int] = [:]) {
        self.units = units
        self.chapterTitles = chapterTitles
        self.sourceNumbers = sourceNumbers

        var b = IndexBuilder()
        var estimate = 0
        for unit in units { estimate += unit.text.utf8.count }
        b.reserve(estimate)
        var unitScope: [UInt8] = []
        var unitGroup: [Int32] = []
        var groupContainers: [Container] = []
        for (u, unit) in units.enumerated() {
            switch unit.container {
            case .front: unitScope.append(SearchIndex.scopeFront)
            case .chapter: unitScope.append(SearchIndex.scopeChapter)
            case .sourcesIntro, .source: unitScope.append(SearchIndex.scopeSources)
            }
            if groupContainers.last != unit.container { groupContainers.append(unit.container) }
            unitGroup.append(Int32(groupContainers.count - 1))
            b.add(unit.text, unit: Int32(u))
        }
        b.unitStart.append(Int32(b.lower.count))
        b.findWords()
        let lower = b.lower, upperBits = b.upperBits, unitStart = b.unitStart, origins = b.origins
        let wordStart = b.wordStart, wordUnit = b.wordUnit, wordID = b.wordID, words = b.words

        // Sort the vocabulary; a word's rank is its place in that order.
        let vocabularyCount = words.starts.count
        let wordStarts = words.starts, wordEnds = words.ends
        var order = Array(0 ..< Int32(vocabularyCount))
        lower.withUnsafeBufferPointer { text in
            order.sort { a, b in
                SearchIndex.less(text, Int(wordStarts[Int(a)]), Int(wordEnds[Int(a)]),
                                 Int(wordStarts[Int(b)]), Int(wordEnds[Int(b)]))
            }
        }
        var rankOfID = [Int32](repeating: 0, count: vocabularyCount)
        var vocabStart = [Int32](repeating: 0, count: vocabularyCount)
        var vocabLength = [Int32](repeating: 0, count: vocabularyCount)
        for (rank, id) in order.enumerated() {
            rankOfID[Int(id)] = Int32(rank)
            vocabStart[rank] = wordStarts[Int(id)]
            vocabLength[rank] = wordEnds[Int(id)] - wordStarts[Int(id)]
        }
        var wordRank = [Int32](repeating: 0, count: wordID.count)
        var postingStart = [Int32](repeating: 0, count: vocabularyCount + 1)
        for (k, id) in wordID.enumerated() {
            let rank = rankOfID[Int(id)]
            wordRank[k] = rank
            postingStart[Int(rank) + 1] += 1
        }
        for r in 0 ..< vocabularyCount { postingStart[r + 1] += postingStart[r] }
        var fill = postingStart
        var postings = [Int32](repeating: 0, count: wordID.count)
        for k in 0 ..< wordRank.count {
            let r = Int(wordRank[k])
            postings[Int(fill[r])] = Int32(k)
            fill[r] += 1
        }

        self.lower = lower
        self.upperBits = upperBits
        self.unitStart = unitStart
        self.origins = origins
        self.unitScope = unitScope
        self.unitGroup = unitGroup
        self.groupContainers = groupContainers
        self.wordStart = wordStart
        self.wordUnit = wordUnit
        self.wordRank = wordRank
        self.vocabStart = vocabStart
        self.vocabLength = vocabLength
        self.postingStart = postingStart
        self.postings = postings
        self.commonLetterHits = SearchIndex.commonLetters(lower: lower, upperBits: upperBits,
                                                          wordStart: wordStart, wordUnit: wordUnit)
    }

    static func commonLetters(lower: [UInt32], upperBits: [UInt64], wordStart: [Int32],
                              wordUnit: [Int32]) -> [TermHits?] {
        var counts = [Int](repeating: 0, count: 384)
        func slots(_ k: Int) -> (Int, Int)? {
            let position = Int(wordStart[k])
            let c = Int(lower[position])
            guard c < 128 else { return nil }
            let upper = upperBits[position >> 6] & (1 << UInt64(position & 63)) != 0
            return (c, upper ? 256 + c : 128 + c)
        }
        for k in 0 ..< wordStart.count {
            if let (a, b) = slots(k) { counts[a] += 1; counts[b] += 1 }
        }
        let threshold = Swift.max(4096, wordStart.count / 32)
        // A common letter gets its case-insensitive list and both case-sensitive ones.
        var lists = counts.indices.map { counts[$0 < 128 ? $0 : $0 & 127] > threshold ? TermHits() : nil }
        if lists.allSatisfy({ $0 == nil }) { return lists }
        for slot in lists.indices where lists[slot] != nil {
            lists[slot]!.fixedLength = 1
            lists[slot]!.starts.reserveCapacity(counts[slot])
            lists[slot]!.units.reserveCapacity(counts[slot])
        }
        for k in 0 ..< wordStart.count {
            guard let (a, b) = slots(k) else { continue }
            if lists[a] != nil { lists[a]!.starts.append(wordStart[k]); lists[a]!.units.append(wordUnit[k]) }
            if lists[b] != nil { lists[b]!.starts.append(wordStart[k]); lists[b]!.units.append(wordUnit[k]) }
        }
        return lists
    }

    /// Number of distinct folded words.
    public var vocabularyCount: Int { vocabStart.count }
    /// Number of word occurrences.
    public var wordCount: Int { wordStart.count }

    // MARK: - Addressing

    /// Original (scalar offset, scalar length) in the unit's text of a folded range.
    func originalRange(unit: Int, foldedStart: Int, foldedLength: Int) -> (offset: Int, length: Int) {
        let base = Int(unitStart[unit])
        let s = foldedStart - base
        let e = s + foldedLength
        guard let origin = origins[unit] else { return (s, foldedLength) }
        let start = Int(origin[s])
        let foldedCount = origin.count - 1
        var end: Int
        if e >= foldedCount {
            end = Int(origin[foldedCount])
        } else if e > s && origin[e] == origin[e - 1] {
            // The range ends inside what one original scalar became (`o` of `œ`): cover it.
            end = Int(origin[e - 1]) + 1
        } else {
            end = Int(origin[e])
        }
        if e == s { end = start }
        return (start, max(0, end - start))
    }

    @inline(__always)
    func isUpper(_ index: Int) -> Bool {
        upperBits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    // MARK: - Vocabulary search

    static func less(_ text: UnsafeBufferPointer<UInt32>, _ a: Int, _ aEnd: Int, _ b: Int, _ bEnd: Int) -> Bool {
        var i = a, j = b
        while i < aEnd && j < bEnd {
            let x = text[i], y = text[j]
            if x != y { return x < y }
            i += 1
            j += 1
        }
        return (aEnd - a) < (bEnd - b)
    }

    /// Compares the vocabulary word at `rank`, cut to the pattern's length, with the pattern.
    private func comparePrefix(_ rank: Int, _ pattern: [UInt32]) -> Int {
        let start = Int(vocabStart[rank])
        let length = Int(vocabLength[rank])
        let n = min(length, pattern.count)
        for i in 0 ..< n {
            let x = lower[start + i], y = pattern[i]
            if x != y { return x < y ? -1 : 1 }
        }
        return length < pattern.count ? -1 : 0
    }

    /// Ranks of the vocabulary words starting with `pattern`.
    func prefixRange(_ pattern: [UInt32]) -> Range<Int> {
        var lo = 0, hi = vocabStart.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if comparePrefix(mid, pattern) < 0 { lo = mid + 1 } else { hi = mid }
        }
        let first = lo
        hi = vocabStart.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if comparePrefix(mid, pattern) <= 0 { lo = mid + 1 } else { hi = mid }
        }
        return first ..< lo
    }

    /// The rank of the vocabulary word equal to `pattern`, as a range of zero or one rank.
    func exactRange(_ pattern: [UInt32]) -> Range<Int> {
        let range = prefixRange(pattern)
        if let first = range.first, Int(vocabLength[first]) == pattern.count { return first ..< first + 1 }
        return range.lowerBound ..< range.lowerBound
    }

    /// Word indices (in book order) whose word has a rank in `range`.
    func occurrences(ofRanks range: Range<Int>) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(occurrenceCount(ofRanks: range))
        forEachOccurrence(ofRanks: range) { result.append(Int32($0)) }
        return result
    }

    func occurrenceCount(ofRanks range: Range<Int>) -> Int {
        range.isEmpty ? 0 : Int(postingStart[range.upperBound] - postingStart[range.lowerBound])
    }

    /// Calls `body` with each word index (in book order) whose word has a rank in `range`:
    /// straight from the postings for one rank, through a bitmap for a few, by scanning every
    /// word's rank when the range covers a large part of the text (`t`, `a`).
    @inline(__always)
    func forEachOccurrence(ofRanks range: Range<Int>, _ body: (Int) -> Void) {
        if range.isEmpty { return }
        let from = Int(postingStart[range.lowerBound]), to = Int(postingStart[range.upperBound])
        if range.count == 1 {
            postings.withUnsafeBufferPointer { postings in
                for p in from ..< to { body(Int(postings[p])) }
            }
            return
        }
        if to - from > wordRank.count / 16 {
            let lo = Int32(range.lowerBound), width = UInt32(range.count)
            wordRank.withUnsafeBufferPointer { ranks in
                for k in 0 ..< ranks.count where UInt32(bitPattern: ranks[k] &- lo) < width { body(k) }
            }
            return
        }
        var bits = [UInt64](repeating: 0, count: wordRank.count / 64 + 1)
        postings.withUnsafeBufferPointer { postings in
            bits.withUnsafeMutableBufferPointer { bits in
                for p in from ..< to {
                    let k = Int(postings[p])
                    bits[k >> 6] |= 1 << UInt64(k & 63)
                }
            }
        }
        for (w, var word) in bits.enumerated() where word != 0 {
            while word != 0 {
                body(w << 6 | word.trailingZeroBitCount)
                word &= word - 1
            }
        }
    }
}

/// Folds units one after another into flat arrays (a struct, so the hot loop has no dynamic
/// exclusivity checks).
struct IndexBuilder {
    var lower: [UInt32] = []
    var upperBits: [UInt64] = []
    var unitStart: [Int32] = []
    var origins: [[Int32]?] = []
    var wordStart: [Int32] = []
    var wordUnit: [Int32] = []
    var wordID: [Int32] = []
    var words = WordTable()
    var cache: [UInt32: [PackedFold]] = [:]
    var scratchOrigin: [Int32] = []
    var originalOffset: Int32 = 0

    mutating func reserve(_ estimate: Int) {
        lower.reserveCapacity(estimate)
        upperBits.reserveCapacity(estimate / 64 + 1)
    }

    @inline(__always)
    mutating func emit(_ packed: PackedFold, trackOrigin: Bool) {
        let index = lower.count
        let v = UInt32(truncatingIfNeeded: packed)
        if index & 63 == 0 { upperBits.append(0) }
        if packed & Folding.upperBit != 0 { upperBits[index >> 6] |= 1 << UInt64(index & 63) }
        lower.append(v)
        if trackOrigin { scratchOrigin.append(originalOffset) }
    }

    /// Finds the words of every unit once all text is folded.
    mutating func findWords() {
        var wordStart: [Int32] = [], wordUnit: [Int32] = [], wordID: [Int32] = []
        let estimate = lower.count / 5
        wordStart.reserveCapacity(estimate)
        wordUnit.reserveCapacity(estimate)
        wordID.reserveCapacity(estimate)
        var words = WordTable()
        let unitStart = self.unitStart
        lower.withUnsafeBufferPointer { text in
            for u in 0 ..< unitStart.count - 1 {
                var i = Int(unitStart[u])
                let end = Int(unitStart[u + 1])
                while i < end {
                    if !Folding.isWord(text[i]) { i += 1; continue }
                    let start = i
                    while i < end && Folding.isWord(text[i]) { i += 1 }
                    wordStart.append(Int32(start))
                    wordUnit.append(Int32(u))
                    wordID.append(words.insert(start: start, end: i, in: text))
                }
            }
        }
        self.wordStart = wordStart
        self.wordUnit = wordUnit
        self.wordID = wordID
        self.words = words
    }

    mutating func add(_ text: String, unit: Int32) {
        let start = lower.count
        unitStart.append(Int32(start))
        originalOffset = 0
        // Origins are only kept for units whose folding changes lengths; found on a first try.
        var identity = true
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                emit(Folding.packASCII(v), trackOrigin: false)
            } else {
                let folded = fold(scalar)
                if folded.count != 1 { identity = false; break }
                emit(folded[0], trackOrigin: false)
            }
            originalOffset += 1
        }
        if identity {
            origins.append(nil)
            return
        }
        // Start the unit again, this time recording where each folded scalar came from.
        lower.removeSubrange(start...)
        upperBits.removeSubrange(((start + 63) >> 6)...)
        if start & 63 != 0 { upperBits[start >> 6] &= (1 << UInt64(start & 63)) - 1 }
        originalOffset = 0
        scratchOrigin.removeAll(keepingCapacity: true)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                emit(Folding.packASCII(v), trackOrigin: true)
            } else {
                for packed in fold(scalar) { emit(packed, trackOrigin: true) }
            }
            originalOffset += 1
        }
        scratchOrigin.append(originalOffset)
        origins.append(scratchOrigin)
    }

    mutating func fold(_ scalar: Unicode.Scalar) -> [PackedFold] {
        if let cached = cache[scalar.value] { return cached }
        let folded = Folding.foldNonASCII(scalar)
        cache[scalar.value] = folded
        return folded
    }
}

/// Open-addressing hash set of distinct words, keyed by their folded text in the index buffer.
struct WordTable {
    var starts: [Int32] = []
    var ends: [Int32] = []
    private var slots = [Int32](repeating: -1, count: 1 << 12)
    private var mask = (1 << 12) - 1

    @inline(__always)
    mutating func insert(start: Int, end: Int, in text: UnsafeBufferPointer<UInt32>) -> Int32 {
        var hash: UInt64 = 0xcbf29ce484222325
        for i in start ..< end {
            hash = (hash ^ UInt64(text[i])) &* 0x100000001b3
        }
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            let s = Int(starts[Int(id)]), e = Int(ends[Int(id)])
            if e - s == end - start {
                var same = true
                for i in 0 ..< (end - start) where text[s + i] != text[start + i] { same = false; break }
                if same { return id }
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(starts.count)
        starts.append(Int32(start))
        ends.append(Int32(end))
        hashes.append(hash)
        slots[slot] = id
        if starts.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let newCount = slots.count * 2
        mask = newCount - 1
        slots = [Int32](repeating: -1, count: newCount)
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    private var hashes: [UInt64] = []
}
