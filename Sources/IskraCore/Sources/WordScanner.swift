// Words of a text folded once into hashes, for comparing texts quickly: the evidence links
// (shared runs of words between the narrative and the sources) and the dates in a text.
// Folding is search's (`FoldTable`): accents, ligatures, curly quotes and case do not matter,
// so "émigré" and "emigre" are the same word. A word is a run of letters and digits; an
// apostrophe splits it ("Trotsky's" is "trotsky" "s"), the same way on both sides.

/// The words of one text: for each, its folded hash, where it stands (scalar offsets into the
/// text, as mentions and search hits give them) and what the comparisons need to know.
struct ScannedWords {
    var hashes: [UInt64] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    /// The value of a word made of digits with an optional ordinal suffix ("1917", "7th"),
    /// -1 otherwise.
    var numbers: [Int32] = []
    /// Bit 0: the word starts with an upper-case letter; bit 1: it stands between double
    /// quotation marks (straight or curly); bits 4-7: how many digits it has (at most 15).
    var flags: [UInt8] = []
    /// UTF-8 offsets of each word's start and end, kept only when the scan is asked for them
    /// (`scan(_:recordingBytes:)`): the dates read the punctuation between words.
    var byteStarts: [Int32] = []
    var byteEnds: [Int32] = []

    var count: Int { hashes.count }

    @inline(__always) func isCapitalised(_ i: Int) -> Bool { flags[i] & 1 != 0 }
    @inline(__always) func isQuoted(_ i: Int) -> Bool { flags[i] & 2 != 0 }
    @inline(__always) func digitCount(_ i: Int) -> Int { Int(flags[i] >> 4) }

}

/// Turns texts into `ScannedWords`, keeping the folding table of the non-ASCII scalars seen.
struct WordScanner {
    private var table = FoldTable()
    /// The columns the last scan wrote, kept for the next one: a scanner reads thousands of
    /// short texts in a row (every paragraph, for the dates), and each would otherwise
    /// allocate and free seven buffers.
    private var spare = SpareColumns()

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// The hash a word gets once folded: FNV-1a over its lower-case folded scalar values.
    static func hash(ofFolded word: some Sequence<UInt32>) -> UInt64 {
        var h = offsetBasis
        for v in word { h = (h ^ UInt64(v)) &* prime }
        return h
    }

    /// The hash of a plain lower-case ASCII word ("november"), as a text's word would get it.
    static func hash(ofASCII word: String) -> UInt64 { hash(ofFolded: word.unicodeScalars.map(\.value)) }

    /// Where a scan writes its words before they are copied out, exactly sized, into a
    /// `ScannedWords`: one buffer per column, grown by doubling (appending to five arrays
    /// word by word cost more than reading the text).
    private struct Columns {
        var capacity: Int
        var count = 0
        var hashes: UnsafeMutablePointer<UInt64>
        var starts: UnsafeMutablePointer<Int32>
        var ends: UnsafeMutablePointer<Int32>
        var numbers: UnsafeMutablePointer<Int32>
        var flags: UnsafeMutablePointer<UInt8>
        var byteStarts: UnsafeMutablePointer<Int32>
        var byteEnds: UnsafeMutablePointer<Int32>

        init(capacity: Int) {
            self.capacity = capacity
            hashes = .allocate(capacity: capacity)
            starts = .allocate(capacity: capacity)
            ends = .allocate(capacity: capacity)
            numbers = .allocate(capacity: capacity)
            flags = .allocate(capacity: capacity)
            byteStarts = .allocate(capacity: capacity)
            byteEnds = .allocate(capacity: capacity)
        }

        private static func moved<T>(_ old: UnsafeMutablePointer<T>, _ count: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }

        mutating func grow() {
            capacity *= 2
            hashes = Self.moved(hashes, count, to: capacity)
            starts = Self.moved(starts, count, to: capacity)
            ends = Self.moved(ends, count, to: capacity)
            numbers = Self.moved(numbers, count, to: capacity)
            flags = Self.moved(flags, count, to: capacity)
            byteStarts = Self.moved(byteStarts, count, to: capacity)
            byteEnds = Self.moved(byteEnds, count, to: capacity)
        }

        func deallocate() {
            for column in [UnsafeMutableRawPointer(hashes), UnsafeMutableRawPointer(starts), UnsafeMutableRawPointer(ends),
                           UnsafeMutableRawPointer(numbers), UnsafeMutableRawPointer(flags),
                           UnsafeMutableRawPointer(byteStarts), UnsafeMutableRawPointer(byteEnds)] {
                column.deallocate()
            }
        }

        /// Replaces `words`' contents, keeping their arrays' storage.
        func copy(into words: inout ScannedWords, bytes: Bool) {
            func put<T>(_ column: UnsafeMutablePointer<T>, _ array: inout [T]) {
                array.removeAll(keepingCapacity: true)
                array.append(contentsOf: UnsafeBufferPointer(start: column, count: count))
            }
            put(hashes, &words.hashes)
            put(starts, &words.starts)
            put(ends, &words.ends)
            put(numbers, &words.numbers)
            put(flags, &words.flags)
            words.byteStarts.removeAll(keepingCapacity: true)
            words.byteEnds.removeAll(keepingCapacity: true)
            if bytes {
                put(byteStarts, &words.byteStarts)
                put(byteEnds, &words.byteEnds)
            }
        }
    }

    /// Columns kept between scans; freed with the last scanner that holds them.
    private final class SpareColumns {
        var columns: Columns?
        deinit { columns?.deallocate() }
    }

    /// What `scan` carries from scalar to scalar (a struct, so that appending never goes
    /// through a closure's box).
    private struct Reading {
        var columns: Columns
        var inWord = false
        var h = WordScanner.offsetBasis
        var start = 0
        var number: Int32 = 0
        var digits = 0
        var suffix = 0          // letters after the digits
        var other = false       // letters before digits, or digits after letters
        var quoteOpen = false
        var caps = false
        var recordsBytes = false
        var byteStart = 0

        @inline(__always) mutating func finish(_ end: Int, byte: Int) {
            inWord = false
            if columns.count == columns.capacity { columns.grow() }
            let n = columns.count
            columns.count = n + 1
            if recordsBytes {
                columns.byteStarts[n] = Int32(truncatingIfNeeded: byteStart)
                columns.byteEnds[n] = Int32(truncatingIfNeeded: byte)
            }
            columns.hashes[n] = h
            columns.starts[n] = Int32(truncatingIfNeeded: start)
            columns.ends[n] = Int32(truncatingIfNeeded: end)
            let isNumber = digits > 0 && !other && suffix <= 2 && digits <= 9
            columns.numbers[n] = isNumber ? number : -1
            columns.flags[n] = (caps ? 1 : 0) | (quoteOpen ? 2 : 0) | UInt8(min(digits, 15)) << 4
        }

        @inline(__always) mutating func begin(at offset: Int, byte: Int, capitalised: Bool) {
            inWord = true
            h = WordScanner.offsetBasis
            start = offset
            byteStart = byte
            number = 0; digits = 0; suffix = 0; other = false
            caps = capitalised
        }

        @inline(__always) mutating func add(_ packed: UInt64, isWord: Bool, at offset: Int, byte: Int) {
            let lower = UInt32(truncatingIfNeeded: packed)
            if isWord {
                if !inWord { begin(at: offset, byte: byte, capitalised: packed & Folding.upperBit != 0) }
                h = (h ^ UInt64(lower)) &* WordScanner.prime
                if lower &- 0x30 < 10 {
                    if suffix > 0 { other = true }
                    if digits < 9 { number = number * 10 + Int32(lower - 0x30) }
                    digits += 1
                } else if digits == 0 {
                    other = true
                } else {
                    suffix += 1
                }
            } else {
                if inWord { finish(offset, byte: byte) }
                // Double quotation marks open and close quotations: a straight one toggles.
                if lower == 0x22 { quoteOpen.toggle() }
            }
        }
    }

    mutating func scan(_ text: String) -> ScannedWords {
        var copy = text
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable { scan($0) } ?? ScannedWords()
    }

    /// The words of UTF-8 `bytes` (whole scalars), with their byte offsets too when
    /// `recordingBytes`; offsets count from the buffer's start.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, recordingBytes: Bool = false) -> ScannedWords {
        var words = ScannedWords()
        scan(bytes, recordingBytes: recordingBytes, into: &words)
        return words
    }

    /// Scans into `words`, reusing its arrays' storage: many short texts in a row (the dates
    /// read every paragraph) then allocate nothing per text.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, recordingBytes: Bool, into words: inout ScannedWords) {
        // A copied scanner gets columns of its own: two threads never write the same ones.
        if !isKnownUniquelyReferenced(&spare) { spare = SpareColumns() }
        var columns = spare.columns ?? Columns(capacity: 1 << 10)
        spare.columns = nil
        columns.count = 0
        var r = Reading(columns: columns)
        r.recordsBytes = recordingBytes
        guard let base = bytes.baseAddress else {
            r.columns.copy(into: &words, bytes: recordingBytes)
            spare.columns = r.columns
            return
        }
        let count = bytes.count
        var offset = 0
        var i = 0
        while i < count {
            let byte = base[i]
            if byte < 0x80 {
                if byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26 {
                    // A run of ASCII letters and digits, read in registers: most of any text.
                    if !r.inWord { r.begin(at: offset, byte: i, capitalised: byte &- 0x41 < 26) }
                    var h = r.h, number = r.number, digits = r.digits, suffix = r.suffix, other = r.other
                    var j = i
                    repeat {
                        let b = base[j]
                        if b &- 0x30 < 10 {
                            h = (h ^ UInt64(b)) &* WordScanner.prime
                            if suffix > 0 { other = true }
                            if digits < 9 { number = number &* 10 &+ Int32(b &- 0x30) }
                            digits += 1
                        } else {
                            h = (h ^ UInt64(b | 0x20)) &* WordScanner.prime
                            if digits == 0 { other = true } else { suffix += 1 }
                        }
                        j += 1
                    } while j < count && (base[j] &- 0x30 < 10 || (base[j] | 0x20) &- 0x61 < 26)
                    r.h = h; r.number = number; r.digits = digits; r.suffix = suffix; r.other = other
                    offset += j - i
                    i = j
                    continue
                }
                if r.inWord { r.finish(offset, byte: i) }
                // Double quotation marks open and close quotations: a straight one toggles.
                if byte == 0x22 { r.quoteOpen.toggle() }
                i += 1
                offset += 1
            } else {
                let (v, length) = FoldTable.decode(bytes, i)
                let byte = i
                i += length
                if v == 0x201C || v == 0x201E {
                    // “ and „ open a quotation, ” closes it.
                    if r.inWord { r.finish(offset, byte: byte) }
                    r.quoteOpen = true
                } else if v == 0x201D {
                    if r.inWord { r.finish(offset, byte: byte) }
                    r.quoteOpen = false
                } else {
                    // Marks and invisible characters fold to nothing and vanish inside a word.
                    let run = table.add(v)
                    for k in run.start..<(run.start + run.count) {
                        let packed = table.values[k]
                        r.add(packed & ~FoldTable.wordBit, isWord: packed & FoldTable.wordBit != 0, at: offset, byte: byte)
                    }
                }
                offset += 1
            }
        }
        if r.inWord { r.finish(offset, byte: bytes.count) }
        r.columns.copy(into: &words, bytes: recordingBytes)
        spare.columns = r.columns
    }
}
