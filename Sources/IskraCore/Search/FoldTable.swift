// Folding the book's own UTF-8 text on the fly: the index keeps no folded copy of the text
// (for a 100 MB book that copy alone would be 400 MB), so queries that must look at the text
// (case, punctuation inside a term, phrases) fold it as they read it.

/// How each scalar of the text folds: ASCII by arithmetic, every other scalar the text
/// contains through a table filled while the index is built (folding by Unicode name is far
/// too slow to run per occurrence). Values are `PackedFold`s with `FoldTable.wordBit` set on
/// letters and digits.
struct FoldTable: Sendable {
    static let wordBit: UInt64 = 1 << 33
    /// Scalars below this are looked up in `direct`; the rest in `others`.
    private static let directLimit: UInt32 = 0x3000

    /// Folded values of every non-ASCII scalar seen, each scalar's run contiguous.
    private(set) var values: [UInt64] = []
    /// Per scalar below `directLimit` (minus 0x80): its run in `values` as
    /// `start << 4 | count`, plus 1 (0: not seen).
    private var direct = [UInt32](repeating: 0, count: Int(directLimit) - 0x80)
    private var others: [UInt32: UInt32] = [:]

    @inline(__always)
    static func foldASCII(_ byte: UInt8) -> UInt64 {
        let v = UInt32(byte)
        if v &- 0x41 < 26 { return UInt64(v | 0x20) | Folding.upperBit | wordBit }
        if v &- 0x61 < 26 || v &- 0x30 < 10 { return UInt64(v) | wordBit }
        return UInt64(v)
    }

    /// The run of `values` a non-ASCII scalar folds to, adding it when first seen.
    @inline(__always)
    mutating func add(_ v: UInt32) -> (start: Int, count: Int) {
        if let run = lookup(v) { return run }
        let start = values.count
        for packed in Folding.foldNonASCII(Unicode.Scalar(v) ?? "\u{FFFD}").prefix(15) {
            let lower = UInt32(truncatingIfNeeded: packed)
            values.append(packed | (Folding.isWord(lower) ? FoldTable.wordBit : 0))
        }
        let code = UInt32(start << 4 | (values.count - start)) + 1
        if v < FoldTable.directLimit { direct[Int(v) - 0x80] = code } else { others[v] = code }
        return (start, values.count - start)
    }

    @inline(__always)
    func lookup(_ v: UInt32) -> (start: Int, count: Int)? {
        let code = v < FoldTable.directLimit ? direct[Int(v) - 0x80] : (others[v] ?? 0)
        if code == 0 { return nil }
        return (Int((code - 1) >> 4), Int((code - 1) & 15))
    }

    /// Non-ASCII scalars seen whose folding contains `folded` (a lowercase value).
    func scalars(whoseFoldingContains folded: UInt32) -> [UInt32] {
        var found: [UInt32] = []
        func check(_ v: UInt32, _ code: UInt32) {
            let start = Int((code - 1) >> 4), count = Int((code - 1) & 15)
            if values[start ..< start + count].contains(where: { UInt32(truncatingIfNeeded: $0) == folded }) { found.append(v) }
        }
        for (i, code) in direct.enumerated() where code != 0 { check(UInt32(i + 0x80), code) }
        for (v, code) in others { check(v, code) }
        return found
    }

    /// Decodes the scalar starting at `i` (the text is valid UTF-8): its value and byte length.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F), 4)
    }

    /// Unicode scalars in a stretch of UTF-8 (bytes that are not continuation bytes).
    @inline(__always)
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        for i in range where bytes[i] & 0xC0 != 0x80 { count += 1 }
        return count
    }
}

/// Reads a unit's UTF-8 text as folded values, one at a time, knowing which original scalar
/// (by byte offset) each came from.
struct FoldCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Byte offset of the next scalar to decode.
    private(set) var position: Int
    /// Byte offset where the scalar of the last value returned starts, and where it ends.
    private(set) var scalarStart = 0
    private(set) var scalarEnd = 0
    /// The rest of a scalar that folded to several values (`…` -> `...`).
    private var pending = 0, pendingEnd = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) {
        self.bytes = bytes
        self.position = position
        self.scalarStart = position
        self.scalarEnd = position
    }

    /// Whether the last value returned was the last one its scalar folds to.
    var atScalarBoundary: Bool { pending == pendingEnd }

    /// The next folded value, or nil at the end of the text. Scalars that fold to nothing
    /// (combining accents, soft hyphens) are passed over.
    @inline(__always)
    mutating func next(_ table: borrowing FoldTable) -> UInt64? {
        if pending < pendingEnd {
            defer { pending += 1 }
            return table.values[pending]
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte < 0x80 {
                scalarStart = position
                position += 1
                scalarEnd = position
                return FoldTable.foldASCII(byte)
            }
            let (v, length) = FoldTable.decode(bytes, position)
            let run = table.lookup(v) ?? (0, 0)
            scalarStart = position
            position += length
            scalarEnd = position
            if run.count > 0 {
                pending = run.start + 1
                pendingEnd = run.start + run.count
                return table.values[run.start]
            }
        }
        return nil
    }

    /// Moves past scalars that fold to nothing right here (a combining accent belongs to the
    /// letter before it), returning the byte offset after them.
    @inline(__always)
    mutating func skipVanishing(_ table: borrowing FoldTable) -> Int {
        guard pending == pendingEnd else { return scalarEnd }
        var end = scalarEnd
        while position < bytes.count && bytes[position] >= 0x80 {
            let (v, length) = FoldTable.decode(bytes, position)
            guard let run = table.lookup(v), run.count == 0 else { break }
            position += length
            end = position
        }
        return end
    }
}
