// The search index, built once per document and small next to the book: it keeps no copy of
// the text, only
// - the sorted vocabulary of folded, lowercase words (as UTF-8), so that a typed prefix is a
//   contiguous range of ranks found by binary search;
// - for each word, where it occurs: global UTF-8 byte offsets (the units' texts laid end to
//   end), ascending, stored as varint-encoded gaps (about 1.5 bytes per occurrence).
// Whatever the vocabulary cannot answer (case, punctuation inside a term, the words after the
// first in a phrase, terms that start with punctuation) is checked against the units' own
// text, folded as it is read (FoldTable.swift).

public final class SearchIndex: Sendable {
    public let units: [TextUnit]
    /// Chapter titles by chapter index (nil for the untitled opening).
    let chapterTitles: [Int: String]
    /// Source numbers (`(N)`) by source index.
    let sourceNumbers: [Int: Int]

    /// Global byte offset where each unit's text starts, then the total.
    let unitByteStart: [Int]
    let unitScope: [UInt8]
    /// Ordinal of each unit's container among the containers, in book order.
    let unitGroup: [Int32]
    let groupContainers: [Container]
    /// Units whose text is all ASCII, where a scalar offset is a byte offset (a bitset).
    let asciiUnits: [UInt64]
    /// For units longer than `checkpointThreshold` bytes that are not all ASCII: scalars
    /// before each `checkpointBytes` of text, so that turning a byte offset into a scalar
    /// offset (or back) walks at most that far, however long the unit (a book without line
    /// breaks is one unit): a hit costs the same in a paragraph of megabytes as in a short one.
    let scalarCheckpoints: [Int: [Int32]]
    static let checkpointBytes = 256
    static let checkpointThreshold = 4096
    let folds: FoldTable

    /// Words in sorted order: word `r` is `vocabulary[vocabularyStart[r] ..< vocabularyStart[r + 1]]`.
    let vocabulary: [UInt8]
    let vocabularyStart: [Int32]
    /// Occurrences of the words ranked before `r` (so `r`'s count is the difference).
    let occurrenceStart: [Int]
    /// Where word `r`'s positions start in `postings`.
    let postingStart: [Int]
    let postings: [UInt8]

    static let scopeFront: UInt8 = 0, scopeChapter: UInt8 = 1, scopeSources: UInt8 = 2
    /// Hit lists hold 32-bit byte offsets. A book is at most 1 GiB (`BookFile.maximumBytes`),
    /// but invalid UTF-8 decodes to 3 bytes a byte, so text past this is shown, not searched.
    static let maximumTextBytes = Int(Int32.max)

    /// `units`: the document's units when the caller already has them (`makeUnits()` otherwise).
    public convenience init(document: Document, units: [TextUnit]? = nil, parallelism: Parallelism = .automatic) {
        let (titles, numbers) = SearchIndex.labels(of: document)
        self.init(units: units ?? document.makeUnits(), chapterTitles: titles, sourceNumbers: numbers,
                  parallelism: parallelism)
    }

    /// The index of a document's units (`document.makeUnits()`) whose vocabulary and postings
    /// a cache file holds; nil when the file's do not hold or are not of these units.
    convenience init?(document: Document, units: [TextUnit], cached file: MappedCacheFile) {
        let (titles, numbers) = SearchIndex.labels(of: document)
        self.init(units: units, chapterTitles: titles, sourceNumbers: numbers, cached: file)
    }

    /// Chapter titles by chapter index and source numbers by source index: how hits are placed.
    private static func labels(of document: Document) -> (titles: [Int: String], numbers: [Int: Int]) {
        var titles: [Int: String] = [:]
        for chapter in document.chapters { if let title = chapter.title { titles[chapter.index] = title } }
        var numbers: [Int: Int] = [:]
        for (index, source) in document.sources.enumerated() { numbers[index] = source.number }
        return (titles, numbers)
    }

    public convenience init(units: [TextUnit], chapterTitles: [Int: String] = [:], sourceNumbers: [Int: Int] = [:],
                            parallelism: Parallelism = .automatic) {
        let tables = UnitTables(units, folding: false)
        var builder = PostingsBuilder()
        builder.build(units: units, unitByteStart: tables.byteStart, parallelism: parallelism)
        self.init(units: units, chapterTitles: chapterTitles, sourceNumbers: sourceNumbers, tables: tables, folds: builder.folds,
                  vocabulary: builder.vocabulary, vocabularyStart: builder.vocabularyStart,
                  occurrenceStart: builder.occurrenceStart, postingStart: builder.postingStart, postings: builder.postings)
    }

    /// The index of `units` whose vocabulary and postings a cache file holds (written by
    /// `cacheSections`): copied out of the mapping, so only the units' own tables are made
    /// (one pass over the text, folding its non-ASCII letters), not the postings. Nil when
    /// a section is missing or damaged, or the file was not made from these units.
    convenience init?(units: [TextUnit], chapterTitles: [Int: String], sourceNumbers: [Int: Int], cached file: MappedCacheFile) {
        guard let vocabulary = file.elements(SearchIndexSection.vocabulary, as: UInt8.self),
              let vocabularyStart = file.elements(SearchIndexSection.vocabularyStart, as: UInt32.self),
              let occurrenceStart = file.elements(SearchIndexSection.occurrenceStart, as: UInt32.self),
              let postingStart = file.elements(SearchIndexSection.postingStart, as: UInt64.self),
              let postings = file.elements(SearchIndexSection.postings, as: UInt8.self),
              let byteStart = file.elements(SearchIndexSection.unitByteStart, as: UInt32.self),
              let scope = file.elements(SearchIndexSection.unitScope, as: UInt8.self),
              vocabularyStart.first == 0, Int(vocabularyStart.last!) == vocabulary.count,
              postingStart.first == 0, Int(postingStart.last!) == postings.count, occurrenceStart.first == 0
        else { return nil }
        let tables = UnitTables(units, folding: true)
        guard byteStart.count == tables.byteStart.count, scope.elementsEqual(tables.scope),
              zip(byteStart, tables.byteStart).allSatisfy({ Int($0) == $1 }),
              SearchIndex.postingsHold(vocabulary: vocabulary, vocabularyStart: vocabularyStart, occurrenceStart: occurrenceStart,
                                       postingStart: postingStart, postings: postings, textBytes: tables.byteStart.last ?? 0)
        else { return nil }
        self.init(units: units, chapterTitles: chapterTitles, sourceNumbers: sourceNumbers, tables: tables, folds: tables.folds,
                  vocabulary: Array(vocabulary), vocabularyStart: vocabularyStart.map { Int32(truncatingIfNeeded: $0) },
                  occurrenceStart: occurrenceStart.map { Int($0) }, postingStart: postingStart.map { Int($0) },
                  postings: Array(postings))
    }

    /// Whether cached postings are what the search code assumes of them (it reads them
    /// unchecked): the vocabulary in strictly ascending order, every word's varints ending
    /// inside its own list, its positions strictly ascending and inside the text, and as many
    /// of them as its occurrence count says. The checksum catches accidents; this, a file that
    /// was written wrong or planted. One pass over the postings (tens of milliseconds for 100 MB).
    static func postingsHold(vocabulary: UnsafeBufferPointer<UInt8>, vocabularyStart: UnsafeBufferPointer<UInt32>,
                             occurrenceStart: UnsafeBufferPointer<UInt32>, postingStart: UnsafeBufferPointer<UInt64>,
                             postings: UnsafeBufferPointer<UInt8>, textBytes: Int) -> Bool {
        let words = vocabularyStart.count - 1
        guard words >= 0, postingStart.count == vocabularyStart.count, occurrenceStart.count == vocabularyStart.count else { return false }
        for r in 0 ..< words {
            guard vocabularyStart[r] <= vocabularyStart[r + 1], Int(vocabularyStart[r + 1]) <= vocabulary.count,
                  postingStart[r] <= postingStart[r + 1], postingStart[r + 1] <= UInt64(postings.count),
                  occurrenceStart[r] <= occurrenceStart[r + 1] else { return false }
            if r > 0 {
                let previous = vocabulary[Int(vocabularyStart[r - 1]) ..< Int(vocabularyStart[r])]
                let word = vocabulary[Int(vocabularyStart[r]) ..< Int(vocabularyStart[r + 1])]
                guard previous.lexicographicallyPrecedes(word) else { return false }
            }
            var p = Int(postingStart[r])
            let end = Int(postingStart[r + 1])
            var position = 0, count = 0
            while p < end {
                var gap = 0, shift = 0
                var byte: UInt8
                repeat {
                    guard p < end, shift <= 56 else { return false }
                    byte = postings[p]
                    p += 1
                    gap |= Int(byte & 0x7F) << shift
                    shift += 7
                } while byte >= 0x80
                // The first gap is the position itself (0 allowed); each later one moves on.
                guard gap > 0 || count == 0, gap < textBytes - position else { return false }
                position += gap
                count += 1
            }
            guard count == Int(occurrenceStart[r + 1]) - Int(occurrenceStart[r]) else { return false }
        }
        return true
    }

    private init(units: [TextUnit], chapterTitles: [Int: String], sourceNumbers: [Int: Int], tables: UnitTables, folds: FoldTable,
                 vocabulary: [UInt8], vocabularyStart: [Int32], occurrenceStart: [Int], postingStart: [Int], postings: [UInt8]) {
        self.units = units
        self.chapterTitles = chapterTitles
        self.sourceNumbers = sourceNumbers
        self.unitByteStart = tables.byteStart
        self.unitScope = tables.scope
        self.unitGroup = tables.group
        self.groupContainers = tables.groupContainers
        self.asciiUnits = tables.ascii
        self.scalarCheckpoints = tables.checkpoints
        self.folds = folds
        self.vocabulary = vocabulary
        self.vocabularyStart = vocabularyStart
        self.occurrenceStart = occurrenceStart
        self.postingStart = postingStart
        self.postings = postings
    }

    /// What the index keeps of each unit: where its text starts in the book's text laid end
    /// to end, its scope and container, and how to turn byte offsets into scalar offsets.
    struct UnitTables {
        var byteStart: [Int] = []
        var scope: [UInt8] = []
        var group: [Int32] = []
        var groupContainers: [Container] = []
        var ascii: [UInt64]
        var checkpoints: [Int: [Int32]] = [:]
        /// The foldings of the text's non-ASCII scalars, as tokenizing the text fills them
        /// (when `folding`: building the postings fills its own).
        var folds = FoldTable()

        init(_ units: [TextUnit], folding: Bool) {
            scope.reserveCapacity(units.count)
            group.reserveCapacity(units.count)
            byteStart.reserveCapacity(units.count + 1)
            ascii = [UInt64](repeating: 0, count: units.count / 64 + 1)
            var total = 0
            for (u, unit) in units.enumerated() {
                switch unit.container {
                case .front: scope.append(SearchIndex.scopeFront)
                case .chapter: scope.append(SearchIndex.scopeChapter)
                case .sourcesIntro, .source: scope.append(SearchIndex.scopeSources)
                }
                if groupContainers.last != unit.container { groupContainers.append(unit.container) }
                group.append(Int32(groupContainers.count - 1))
                byteStart.append(total)
                // Text past the limit stays readable but is neither indexed nor scanned.
                let limit = min(unit.text.utf8.count, SearchIndex.maximumTextBytes - total)
                total += limit
                let (isASCII, marks) = SearchIndex.scalarLayout(unit.text)
                if isASCII { ascii[u >> 6] |= 1 << UInt64(u & 63) } else if folding { addFolds(unit.text, limit: limit) }
                if let marks { checkpoints[u] = marks }
            }
            byteStart.append(total)
        }

        /// Folds every non-ASCII scalar of a text (up to `limit` bytes), as the tokenizer does.
        private mutating func addFolds(_ text: String, limit: Int) {
            SearchIndex.withUTF8(text) { bytes in
                var i = 0
                while i < limit {
                    if bytes[i] < 0x80 { i += 1; continue }
                    let (v, size) = FoldTable.decode(bytes, i)
                    _ = folds.add(v)
                    i += size
                }
            }
        }
    }

    /// Whether a text is all ASCII and, for long texts that are not, its scalar checkpoints.
    private static func scalarLayout(_ text: String) -> (ascii: Bool, checkpoints: [Int32]?) {
        withUTF8(text) { bytes in
            var ascii = true
            for byte in bytes where byte >= 0x80 { ascii = false; break }
            if ascii || bytes.count <= checkpointThreshold { return (ascii, nil) }
            var marks: [Int32] = [0]
            var scalars = 0
            var block = 0
            while block + checkpointBytes < bytes.count {
                scalars += FoldTable.scalarCount(bytes, block ..< block + checkpointBytes)
                marks.append(Int32(scalars))
                block += checkpointBytes
            }
            return (false, marks)
        }
    }

    /// Number of distinct folded words.
    public var vocabularyCount: Int { vocabularyStart.count - 1 }
    /// Number of word occurrences.
    public var wordCount: Int { occurrenceStart.last ?? 0 }
    /// Bytes of text indexed.
    public var textBytes: Int { unitByteStart.last ?? 0 }

    // MARK: - Text access and addressing

    /// Runs `body` on a unit's UTF-8 bytes (no copy for the native strings units hold).
    @inline(__always)
    func withText<R>(_ unit: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        SearchIndex.withUTF8(units[unit].text, body)
    }

    @inline(__always)
    static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    @inline(__always)
    func isASCII(_ unit: Int) -> Bool { asciiUnits[unit >> 6] & (1 << UInt64(unit & 63)) != 0 }

    /// Scalar offset in a unit's text of a byte offset.
    func scalarOffset(unit: Int, byteOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if isASCII(unit) { return byteOffset }
        if let marks = scalarCheckpoints[unit] {
            let block = min(byteOffset / SearchIndex.checkpointBytes, marks.count - 1)
            let from = block * SearchIndex.checkpointBytes
            return Int(marks[block]) + FoldTable.scalarCount(bytes, from ..< byteOffset)
        }
        return FoldTable.scalarCount(bytes, 0 ..< byteOffset)
    }

    /// Byte offset in a unit's text of a scalar offset (clamped to the text): through the
    /// checkpoints, so it never walks more than a few kilobytes however long the unit is.
    public func byteOffset(unit: Int, scalarOffset: Int) -> Int {
        withText(unit) { bytes in
            let target = max(0, scalarOffset)
            if isASCII(unit) { return min(target, bytes.count) }
            var position = 0, scalars = 0
            if let marks = scalarCheckpoints[unit] {
                var low = 0, high = marks.count - 1
                while low < high {
                    let mid = (low + high + 1) / 2
                    if Int(marks[mid]) <= target { low = mid } else { high = mid - 1 }
                }
                position = low * SearchIndex.checkpointBytes
                scalars = Int(marks[low])
                // A checkpoint may fall inside a scalar: step to the next scalar's start.
                while position < bytes.count && bytes[position] & 0xC0 == 0x80 { position += 1 }
            }
            while position < bytes.count && scalars < target {
                position += 1
                while position < bytes.count && bytes[position] & 0xC0 == 0x80 { position += 1 }
                scalars += 1
            }
            return position
        }
    }

    /// Bytes covered by `foldedLength` folded values from `start` (a whole scalar when the
    /// range ends inside what one scalar became, like the `o` of `œ`), with any accents that
    /// follow.
    @inline(__always)
    func byteEnd(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, foldedLength: Int) -> Int {
        var cursor = FoldCursor(bytes, at: start)
        var end = start
        for _ in 0 ..< foldedLength {
            guard cursor.next(folds) != nil else { return end }
            end = cursor.scalarEnd
        }
        return foldedLength > 0 ? cursor.skipVanishing(folds) : end
    }

    /// Original (scalar offset, scalar length) of a hit given by its global byte start and
    /// either its byte length or its length in folded values.
    func originalRange(unit: Int, globalStart: Int, byteLength: Int?, foldedLength: Int) -> (offset: Int, length: Int) {
        withText(unit) { bytes in
            let start = min(max(0, globalStart - unitByteStart[unit]), bytes.count)
            let end = min(bytes.count, byteLength.map { start + $0 }
                ?? (isASCII(unit) ? start + foldedLength : byteEnd(bytes, start: start, foldedLength: foldedLength)))
            let offset = scalarOffset(unit: unit, byteOffset: start, in: bytes)
            let length = isASCII(unit) ? end - start : FoldTable.scalarCount(bytes, start ..< end)
            return (offset, length)
        }
    }

    /// Original ranges of the hits `range` of `hits`, all in `unit` and in order: one walk
    /// through the unit's text instead of one per hit.
    func originalRanges(unit: Int, of hits: TermHits, _ range: Range<Int>) -> [(offset: Int, length: Int)] {
        withText(unit) { bytes in
            let ascii = isASCII(unit)
            let base = unitByteStart[unit]
            var previousByte = -1, previousScalar = 0
            // Walking on from the previous hit is never longer than from a unit's start, nor
            // (when close) than from a checkpoint.
            let hasMarks = scalarCheckpoints[unit] != nil
            return range.map { i in
                let start = min(max(0, Int(hits.starts[i]) - base), bytes.count)
                let end = min(bytes.count, !hits.byteLengths.isEmpty ? start + Int(hits.byteLengths[i])
                    : ascii ? start + Int(hits.foldedLength)
                    : byteEnd(bytes, start: start, foldedLength: Int(hits.foldedLength)))
                if ascii { return (start, end - start) }
                let offset = previousByte >= 0 && previousByte <= start
                    && (!hasMarks || start - previousByte < SearchIndex.checkpointBytes)
                    ? previousScalar + FoldTable.scalarCount(bytes, previousByte ..< start)
                    : scalarOffset(unit: unit, byteOffset: start, in: bytes)
                previousByte = start
                previousScalar = offset
                return (offset, FoldTable.scalarCount(bytes, start ..< end))
            }
        }
    }

    // MARK: - Vocabulary search

    /// Compares the vocabulary word at `rank`, cut to the pattern's length, with the pattern.
    private func comparePrefix(_ rank: Int, _ pattern: [UInt8]) -> Int {
        let start = Int(vocabularyStart[rank]), length = Int(vocabularyStart[rank + 1]) - start
        let n = min(length, pattern.count)
        for i in 0 ..< n {
            let x = vocabulary[start + i], y = pattern[i]
            if x != y { return x < y ? -1 : 1 }
        }
        return length < pattern.count ? -1 : 0
    }

    /// Ranks of the vocabulary words starting with `pattern` (folded lowercase UTF-8).
    func prefixRange(_ pattern: [UInt8]) -> Range<Int> {
        sortedRange(count: vocabularyCount) { comparePrefix($0, pattern) }
    }

    /// The rank of the vocabulary word equal to `pattern`, as a range of zero or one rank.
    func exactRange(_ pattern: [UInt8]) -> Range<Int> {
        let range = prefixRange(pattern)
        if let first = range.first, Int(vocabularyStart[first + 1] - vocabularyStart[first]) == pattern.count {
            return first ..< first + 1
        }
        return range.lowerBound ..< range.lowerBound
    }

    func occurrenceCount(ofRanks range: Range<Int>) -> Int {
        range.isEmpty ? 0 : occurrenceStart[range.upperBound] - occurrenceStart[range.lowerBound]
    }

    // MARK: - Occurrences

    /// Decodes the positions of the words ranked in `range`, calling `body` with each (in
    /// order within a word, words one after another).
    @inline(__always)
    private func decode(ranks range: Range<Int>, _ body: (Int) -> Void) {
        postings.withUnsafeBufferPointer { postings in
            postingStart.withUnsafeBufferPointer { postingStart in
                for rank in range {
                    var p = postingStart[rank]
                    let end = postingStart[rank + 1]
                    var position = 0
                    while p < end {
                        var byte = postings[p]
                        p += 1
                        var gap = Int(byte)
                        if byte >= 0x80 {
                            gap &= 0x7F
                            var shift = 7
                            repeat {
                                byte = postings[p]
                                p += 1
                                gap |= Int(byte & 0x7F) << shift
                                shift += 7
                            } while byte >= 0x80
                        }
                        position += gap
                        body(position)
                    }
                }
            }
        }
    }

    /// Whether a set of many positions is best ordered through a bitmap over the text's bytes
    /// rather than sorted.
    @inline(__always)
    private func prefersBitmap(_ count: Int) -> Bool { count * 1024 >= textBytes }

    /// A bitmap over the text's bytes with the positions of the words ranked in `range` set.
    private func positionBitmap(ofRanks range: Range<Int>) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: textBytes / 64 + 1)
        bits.withUnsafeMutableBufferPointer { bits in
            decode(ranks: range) { p in bits[p >> 6] |= 1 << UInt64(p & 63) }
        }
        return bits
    }

    /// Global byte offsets of the occurrences of the words ranked in `range`, ascending: one
    /// word's list as stored; several through a sort when they are few next to the text, or
    /// a bitmap over the text's bytes when they are many (`t`, `a`).
    func positions(ofRanks range: Range<Int>) -> [Int32] {
        let expected = occurrenceCount(ofRanks: range)
        if expected == 0 { return [] }
        if range.count > 1 && prefersBitmap(expected) {
            let bits = positionBitmap(ofRanks: range)
            return [Int32](unsafeUninitializedCapacity: expected) { out, count in
                var i = 0
                for (w, var word) in bits.enumerated() where word != 0 {
                    while word != 0 {
                        out[i] = Int32(truncatingIfNeeded: w << 6 | word.trailingZeroBitCount)
                        i += 1
                        word &= word - 1
                    }
                }
                count = i
            }
        }
        var result = [Int32](unsafeUninitializedCapacity: expected) { out, count in
            var i = 0
            decode(ranks: range) { p in out[i] = Int32(truncatingIfNeeded: p); i += 1 }
            count = i
        }
        if range.count > 1 { result.sort() }
        return result
    }

    /// The occurrences of the words ranked in `range` with the unit of each, in book order;
    /// only those in `allowed` units when given.
    func occurrences(ofRanks range: Range<Int>, within allowed: [UInt64]?) -> (starts: [Int32], units: [Int32]) {
        let expected = occurrenceCount(ofRanks: range)
        if expected == 0 { return ([], []) }
        if range.count > 1 && prefersBitmap(expected) {
            return bitmapOccurrences(ofRanks: range, expected: expected, within: allowed)
        }
        let positions = positions(ofRanks: range)
        if allowed == nil {
            let units = [Int32](unsafeUninitializedCapacity: positions.count) { buffer, count in
                forEachUnit(of: positions) { unit, range in
                    for i in range { buffer[i] = Int32(unit) }
                }
                count = positions.count
            }
            return (positions, units)
        }
        var starts: [Int32] = [], units: [Int32] = []
        forEachUnit(of: positions) { unit, range in
            guard SearchIndex.contains(allowed, unit) else { return }
            starts.append(contentsOf: positions[range])
            units.append(contentsOf: repeatElement(Int32(unit), count: range.count))
        }
        return (starts, units)
    }

    /// Many occurrences, ordered through a bitmap over the text's bytes. With `allowed`, only
    /// positions in 4 KB blocks touching an allowed unit are set, and only allowed units'
    /// stretches of the bitmap are read, so a common word in a few paragraphs costs little
    /// more than decoding it.
    private func bitmapOccurrences(ofRanks range: Range<Int>, expected: Int,
                                   within allowed: [UInt64]?) -> (starts: [Int32], units: [Int32]) {
        var bits = [UInt64](repeating: 0, count: textBytes / 64 + 1)
        if let allowed {
            var blocks = [UInt64](repeating: 0, count: (textBytes >> 12) / 64 + 1)
            for unit in units.indices where SearchIndex.contains(allowed, unit) && unitByteStart[unit + 1] > unitByteStart[unit] {
                for block in (unitByteStart[unit] >> 12) ... ((unitByteStart[unit + 1] - 1) >> 12) {
                    blocks[block >> 6] |= 1 << UInt64(block & 63)
                }
            }
            bits.withUnsafeMutableBufferPointer { bits in
                blocks.withUnsafeBufferPointer { blocks in
                    decode(ranks: range) { p in
                        let block = p >> 12
                        if blocks[block >> 6] & (1 << UInt64(block & 63)) != 0 { bits[p >> 6] |= 1 << UInt64(p & 63) }
                    }
                }
            }
        } else {
            bits.withUnsafeMutableBufferPointer { bits in
                decode(ranks: range) { p in bits[p >> 6] |= 1 << UInt64(p & 63) }
            }
        }
        var units: [Int32] = []
        let starts = [Int32](unsafeUninitializedCapacity: expected) { startsOut, startsCount in
            units = [Int32](unsafeUninitializedCapacity: expected) { unitsOut, unitsCount in
                var n = 0
                bits.withUnsafeBufferPointer { bits in
                    unitByteStart.withUnsafeBufferPointer { unitByteStart in
                        // Reads the bitmap over bytes from..<to, all in `unit`.
                        func emit(_ unit: Int, _ from: Int, _ to: Int) {
                            guard from < to else { return }
                            for w in (from >> 6) ... ((to - 1) >> 6) {
                                var word = bits[w]
                                if w == from >> 6 { word &= ~0 << UInt64(from & 63) }
                                if w == (to - 1) >> 6 && (to & 63) != 0 { word &= (1 << UInt64(to & 63)) - 1 }
                                while word != 0 {
                                    startsOut[n] = Int32(truncatingIfNeeded: w << 6 | word.trailingZeroBitCount)
                                    unitsOut[n] = Int32(truncatingIfNeeded: unit)
                                    n += 1
                                    word &= word - 1
                                }
                            }
                        }
                        if allowed == nil {
                            // Every unit: walk the bitmap once, moving to the next unit as the
                            // positions pass its end.
                            var unit = 0
                            for (w, var word) in bits.enumerated() where word != 0 {
                                while word != 0 {
                                    let p = w << 6 | word.trailingZeroBitCount
                                    word &= word - 1
                                    while unitByteStart[unit + 1] <= p { unit += 1 }
                                    startsOut[n] = Int32(truncatingIfNeeded: p)
                                    unitsOut[n] = Int32(truncatingIfNeeded: unit)
                                    n += 1
                                }
                            }
                        } else {
                            for unit in 0 ..< self.units.count where SearchIndex.contains(allowed, unit) {
                                emit(unit, unitByteStart[unit], unitByteStart[unit + 1])
                            }
                        }
                    }
                }
                unitsCount = n
            }
            startsCount = units.count
        }
        return (starts, units)
    }

    @inline(__always)
    static func contains(_ set: [UInt64]?, _ unit: Int) -> Bool {
        guard let set else { return true }
        return set[unit >> 6] & (1 << UInt64(unit & 63)) != 0
    }

    /// Calls `body` once per unit that holds some of `positions` (ascending global byte
    /// offsets), with the unit and the index range of its positions.
    @inline(__always)
    func forEachUnit(of positions: [Int32], _ body: (_ unit: Int, _ range: Range<Int>) -> Void) {
        var unit = 0
        var i = 0
        let count = units.count
        while i < positions.count {
            let p = Int(positions[i])
            if p >= unitByteStart[unit + 1] {
                // Gallop, then binary search, to the unit holding p.
                var step = 1
                var lo = unit + 1, hi = lo
                while hi < count && unitByteStart[hi + 1] <= p { lo = hi + 1; hi += step; step *= 2 }
                hi = Swift.min(hi, count - 1)
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if unitByteStart[mid + 1] <= p { lo = mid + 1 } else { hi = mid }
                }
                unit = lo
            }
            let end = unitByteStart[unit + 1]
            var j = i + 1
            while j < positions.count && Int(positions[j]) < end { j += 1 }
            body(unit, i ..< j)
            i = j
        }
    }
}

/// Builds the vocabulary and the postings in two passes over the text, so that nothing per
/// occurrence is held but the final varint bytes: the first pass finds the words and sizes
/// each word's list, the second writes the lists in place.
struct PostingsBuilder {
    var folds = FoldTable()
    var vocabulary: [UInt8] = []
    var vocabularyStart: [Int32] = [0]
    var occurrenceStart: [Int] = [0]
    var postingStart: [Int] = [0]
    var postings: [UInt8] = []

    @inline(__always)
    static func varintSize(_ value: Int) -> Int {
        var size = 1
        var v = value >> 7
        while v != 0 { size += 1; v >>= 7 }
        return size
    }

    mutating func build(units: [TextUnit], unitByteStart: [Int], parallelism: Parallelism = .automatic) {
        let parts = Parallelism.split(units.count, parts: parallelism.workers(forBytes: unitByteStart.last ?? 0)) {
            unitByteStart[$0 + 1] - unitByteStart[$0]
        }
        if parts.count > 1 {
            buildInParts(parts, units: units, unitByteStart: unitByteStart)
        } else {
            buildOnOneThread(units: units, unitByteStart: unitByteStart)
        }
    }

    /// Lays out the sorted vocabulary and where each word's list starts, from each word's
    /// bytes, count and encoded size (by word id); returns the ids in rank order.
    private mutating func layOut(_ words: WordTable, counts: [Int32], sizes: [Int]) -> [Int] {
        let count = counts.count
        var order = Array(0 ..< count)
        words.arena.withUnsafeBufferPointer { arena in
            order.sort { a, b in
                let (sa, ea) = words.range(a), (sb, eb) = words.range(b)
                var i = sa, j = sb
                while i < ea && j < eb {
                    if arena[i] != arena[j] { return arena[i] < arena[j] }
                    i += 1; j += 1
                }
                return ea - sa < eb - sb
            }
        }
        vocabulary.reserveCapacity(words.arena.count)
        occurrenceStart.reserveCapacity(count + 1)
        postingStart.reserveCapacity(count + 1)
        vocabularyStart.reserveCapacity(count + 1)
        for id in order {
            let (s, e) = words.range(id)
            vocabulary.append(contentsOf: words.arena[s ..< e])
            vocabularyStart.append(Int32(vocabulary.count))
            occurrenceStart.append(occurrenceStart.last! + Int(counts[id]))
            postingStart.append(postingStart.last! + sizes[id])
        }
        return order
    }

    /// What one part of the units holds (first pass): its words, and per word (by the part's
    /// own ids) its count, the encoded size of its gaps (the first counted from 0), and its
    /// first and last position.
    private struct PartCount {
        var folds: FoldTable
        var newScalars: [UInt32]
        var counting: CountingSink
    }

    /// The same lists as `buildOnOneThread`, byte for byte, from `parts` of the units counted
    /// and then written side by side. A word's list in a part starts where the earlier parts'
    /// occurrences of it end, its first gap counted from the last of them.
    private mutating func buildInParts(_ parts: [Range<Int>], units: [TextUnit], unitByteStart: [Int]) {
        let counted = Parallelism.map(parts.count) { k -> PartCount in
            var tokenizer = Tokenizer(folds: FoldTable(), recordsNewScalars: true)
            var counting = CountingSink(recordsFirst: true)
            tokenizer.run(units: units[parts[k]], unitByteStart: unitByteStart, sink: &counting)
            return PartCount(folds: tokenizer.folds, newScalars: tokenizer.newScalars, counting: counting)
        }
        // The fold table as one thread would have filled it: scalars in order of first sight.
        folds = counted[0].folds
        for part in counted.dropFirst() { for v in part.newScalars { _ = folds.add(v) } }

        // Every word once (ids in order of first sight), and each part's ids mapped to them.
        var words = WordTable()
        var global: [[Int32]] = []
        for part in counted {
            let local = part.counting.words
            var map = [Int32](repeating: 0, count: part.counting.stats.count)
            local.arena.withUnsafeBufferPointer { arena in
                for id in map.indices {
                    let (s, e) = local.range(id)
                    let word = UnsafeBufferPointer(rebasing: arena[s ..< e])
                    map[id] = Int32(words.insert(word, hash: WordTable.hash(word)).id)
                }
            }
            global.append(map)
        }
        let count = words.count
        var counts = [Int32](repeating: 0, count: count)
        var sizes = [Int](repeating: 0, count: count)
        var last = [Int](repeating: 0, count: count)
        // Per part: each word's first gap counted from the earlier parts' last occurrence.
        var partSizes: [[Int]] = []
        var partLast: [[Int]] = []
        for (k, part) in counted.enumerated() {
            let c = part.counting
            var own = c.sizes
            var before = [Int](repeating: 0, count: c.stats.count)
            for id in own.indices {
                let g = Int(global[k][id])
                before[id] = last[g]
                own[id] += PostingsBuilder.varintSize(c.first[id] - last[g]) - PostingsBuilder.varintSize(c.first[id])
                counts[g] += c.stats[id].count
                sizes[g] += own[id]
                last[g] = c.stats[id].last
            }
            partSizes.append(own)
            partLast.append(before)
        }
        let order = layOut(words, counts: counts, sizes: sizes)
        // Where each part writes each word: after the earlier parts' bytes of it.
        var cursor = [Int](repeating: 0, count: count)
        for (rank, id) in order.enumerated() { cursor[id] = postingStart[rank] }
        var writers: [WritingSink] = []
        for (k, part) in counted.enumerated() {
            var writer = WritingSink(words: part.counting.words, count: part.counting.stats.count)
            for id in writer.cursors.indices {
                let g = Int(global[k][id])
                writer.cursors[id] = WritingSink.Cursor(last: partLast[k][id], writeAt: cursor[g])
                cursor[g] += partSizes[k][id]
            }
            writers.append(writer)
        }
        let total = postingStart.last!
        postings = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            // The parts write disjoint stretches of `out`.
            nonisolated(unsafe) let shared = out
            _ = Parallelism.map(parts.count) { k -> Int in
                var writer = writers[k]
                writer.out = shared
                var tokenizer = Tokenizer(folds: counted[k].folds)
                tokenizer.run(units: units[parts[k]], unitByteStart: unitByteStart, sink: &writer)
                return 0
            }
            initialized = total
        }
    }

    private mutating func buildOnOneThread(units: [TextUnit], unitByteStart: [Int]) {
        // First pass: the vocabulary, and each word's count and encoded size.
        var tokenizer = Tokenizer(folds: folds)
        var counting = CountingSink()
        tokenizer.run(units: units[...], unitByteStart: unitByteStart, sink: &counting)
        folds = tokenizer.folds

        // Sort the vocabulary; lay the lists out in rank order.
        let words = counting.words
        let order = layOut(words, counts: counting.counts, sizes: counting.sizes)
        var writing = WritingSink(words: words, count: order.count)
        for (rank, id) in order.enumerated() { writing.cursors[id].writeAt = postingStart[rank] }
        counting = CountingSink()

        // Second pass: write each occurrence's gap where its word's list is.
        let total = postingStart.last!
        postings = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            writing.out = out
            tokenizer.run(units: units[...], unitByteStart: unitByteStart, sink: &writing)
            initialized = total
        }
    }
}

/// Receives every word of the text in book order: its global byte offset, its folded UTF-8
/// and that UTF-8's hash (`WordTable.hash`, computed as the word is read).
protocol WordSink {
    mutating func word(at position: Int, _ folded: UnsafeBufferPointer<UInt8>, hash: UInt64)
}

struct CountingSink: WordSink {
    /// Per word: occurrences, bytes of its encoded gaps, last position.
    struct Stats {
        var count: Int32 = 0
        var size = 0
        var last = 0
    }

    var words = WordTable()
    var stats: [Stats] = []
    /// Each word's first position, kept when a part of the units is counted.
    var first: [Int] = []
    let recordsFirst: Bool

    init(recordsFirst: Bool = false) { self.recordsFirst = recordsFirst }

    @inline(__always)
    mutating func word(at position: Int, _ folded: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        let (id, isNew) = words.insert(folded, hash: hash)
        if isNew {
            stats.append(Stats())
            if recordsFirst { first.append(position) }
        }
        // One read and one write of the word's entry.
        var entry = stats[id]
        entry.count += 1
        entry.size += PostingsBuilder.varintSize(position - entry.last)
        entry.last = position
        stats[id] = entry
    }

    var counts: [Int32] { stats.map(\.count) }
    var sizes: [Int] { stats.map(\.size) }
}

struct WritingSink: WordSink {
    /// Per word: its last position written, and where its next gap goes.
    struct Cursor {
        var last = 0
        var writeAt = 0
    }

    let words: WordTable
    var cursors: [Cursor]
    var out = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

    init(words: WordTable, count: Int) {
        self.words = words
        cursors = [Cursor](repeating: Cursor(), count: count)
    }

    @inline(__always)
    mutating func word(at position: Int, _ folded: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        let id = words.find(folded, hash: hash)
        var cursor = cursors[id]
        var gap = position - cursor.last
        var p = cursor.writeAt
        while gap >= 0x80 {
            out[p] = UInt8(truncatingIfNeeded: gap) | 0x80
            gap >>= 7
            p += 1
        }
        out[p] = UInt8(gap)
        cursor.last = position
        cursor.writeAt = p + 1
        cursors[id] = cursor
    }
}

/// Splits the units' text into words, each given as its global byte offset and its folded
/// lowercase UTF-8. The hot loop works on raw buffers, free of closures over mutable state
/// (which would cost dynamic exclusivity checks per byte) and of array uniqueness checks.
struct Tokenizer {
    var folds: FoldTable
    /// The non-ASCII scalars in the order first seen, when `recordsNewScalars` (a part of the
    /// units read on its own thread: the parts' tables are joined in that order).
    var newScalars: [UInt32] = []
    let recordsNewScalars: Bool

    init(folds: FoldTable, recordsNewScalars: Bool = false) {
        self.folds = folds
        self.recordsNewScalars = recordsNewScalars
    }

    /// `units`: all of them or a contiguous part (indices are unit ids).
    mutating func run<Sink: WordSink>(units: ArraySlice<TextUnit>, unitByteStart: [Int], sink: inout Sink) {
        var scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        defer { scratch.deallocate() }
        for (u, unit) in zip(units.indices, units) {
            let base = unitByteStart[u]
            let limit = unitByteStart[u + 1] - base
            SearchIndex.withUTF8(unit.text) { bytes in
                tokenize(bytes, base: base, limit: limit, scratch: &scratch, sink: &sink)
            }
        }
    }

    private mutating func tokenize<Sink: WordSink>(_ bytes: UnsafeBufferPointer<UInt8>, base: Int, limit: Int,
                                                   scratch: inout UnsafeMutableBufferPointer<UInt8>, sink: inout Sink) {
        var i = 0
        var wordStart = -1
        var length = 0
        // The word's hash, computed as its folded bytes are written.
        var hash = WordTable.offsetBasis
        while i < limit {
            let byte = bytes[i]
            if byte < 0x80 {
                let lower = byte | 0x20
                if lower &- 0x61 < 26 || byte &- 0x30 < 10 {
                    if wordStart < 0 { wordStart = i }
                    if length == scratch.count { Tokenizer.grow(&scratch) }
                    let folded = byte &- 0x30 < 10 ? byte : lower
                    scratch[length] = folded
                    hash = (hash ^ UInt64(folded)) &* WordTable.prime
                    length += 1
                } else if wordStart >= 0 {
                    sink.word(at: base + wordStart, UnsafeBufferPointer(rebasing: scratch[0 ..< length]), hash: hash)
                    wordStart = -1
                    length = 0
                    hash = WordTable.offsetBasis
                }
                i += 1
                continue
            }
            let (v, size) = FoldTable.decode(bytes, i)
            let run: (start: Int, count: Int)
            if let known = folds.lookup(v) {
                run = known
            } else {
                run = folds.add(v)
                if recordsNewScalars { newScalars.append(v) }
            }
            for k in run.start ..< run.start + run.count {
                let folded = folds.values[k]
                if folded & FoldTable.wordBit != 0 {
                    if wordStart < 0 { wordStart = i }
                    if length + 4 > scratch.count { Tokenizer.grow(&scratch) }
                    let end = length + Tokenizer.encode(UInt32(truncatingIfNeeded: folded), into: scratch, at: length)
                    while length < end {
                        hash = (hash ^ UInt64(scratch[length])) &* WordTable.prime
                        length += 1
                    }
                } else if wordStart >= 0 {
                    sink.word(at: base + wordStart, UnsafeBufferPointer(rebasing: scratch[0 ..< length]), hash: hash)
                    wordStart = -1
                    length = 0
                    hash = WordTable.offsetBasis
                }
            }
            i += size
        }
        if wordStart >= 0 { sink.word(at: base + wordStart, UnsafeBufferPointer(rebasing: scratch[0 ..< length]), hash: hash) }
    }

    private static func grow(_ scratch: inout UnsafeMutableBufferPointer<UInt8>) {
        let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: scratch.count * 2)
        _ = larger.initialize(from: scratch)
        scratch.deallocate()
        scratch = larger
    }

    /// Writes a scalar's UTF-8; returns its length.
    @inline(__always)
    private static func encode(_ v: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at i: Int) -> Int {
        if v < 0x80 { out[i] = UInt8(v); return 1 }
        if v < 0x800 {
            out[i] = UInt8(0xC0 | v >> 6); out[i + 1] = UInt8(0x80 | v & 0x3F)
            return 2
        }
        if v < 0x10000 {
            out[i] = UInt8(0xE0 | v >> 12); out[i + 1] = UInt8(0x80 | (v >> 6) & 0x3F); out[i + 2] = UInt8(0x80 | v & 0x3F)
            return 3
        }
        out[i] = UInt8(0xF0 | v >> 18); out[i + 1] = UInt8(0x80 | (v >> 12) & 0x3F)
        out[i + 2] = UInt8(0x80 | (v >> 6) & 0x3F); out[i + 3] = UInt8(0x80 | v & 0x3F)
        return 4
    }
}

/// Open-addressing hash set of distinct words (folded UTF-8), stored end to end in an arena.
struct WordTable {
    private(set) var arena: [UInt8] = []
    private var ends: [Int32] = []
    private var hashes: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 1 << 12)
    private var mask = (1 << 12) - 1

    @inline(__always)
    func range(_ id: Int) -> (Int, Int) { (id == 0 ? 0 : Int(ends[id - 1]), Int(ends[id])) }

    /// Distinct words held.
    var count: Int { ends.count }

    static let offsetBasis: UInt64 = 0xcbf29ce484222325
    static let prime: UInt64 = 0x100000001b3

    /// FNV-1a of the word's bytes (the tokenizer computes the same as it reads).
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = offsetBasis
        for byte in word { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    /// The slot holding `word`, or the empty slot where it would go.
    @inline(__always)
    private func slot(of word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let id = Int(slots[slot])
            if id < 0 || hashes[id] == hash && equals(id, word) { return slot }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func equals(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let (s, e) = range(id)
        guard e - s == word.count else { return false }
        return arena.withUnsafeBufferPointer { arena in
            for i in 0 ..< word.count where arena[s + i] != word[i] { return false }
            return true
        }
    }

    /// `hash`: `WordTable.hash(word)`.
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (id: Int, isNew: Bool) {
        let slot = slot(of: word, hash: hash)
        if slots[slot] >= 0 { return (Int(slots[slot]), false) }
        let id = ends.count
        arena.append(contentsOf: word)
        ends.append(Int32(arena.count))
        hashes.append(hash)
        slots[slot] = Int32(id)
        if ends.count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// The id of a word known to be in the table (`hash`: `WordTable.hash(word)`).
    @inline(__always)
    func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        Int(slots[slot(of: word, hash: hash)])
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
}

/// The ranks `0..<count` of a sorted list whose element compares equal (`compare` gives -1, 0
/// or 1 against what is looked for): two binary searches, for its first and its end.
func sortedRange(count: Int, _ compare: (Int) -> Int) -> Range<Int> {
    var low = 0, high = count
    while low < high {
        let mid = (low + high) / 2
        if compare(mid) < 0 { low = mid + 1 } else { high = mid }
    }
    let first = low
    high = count
    while low < high {
        let mid = (low + high) / 2
        if compare(mid) <= 0 { low = mid + 1 } else { high = mid }
    }
    return first ..< low
}
