// How many terminal columns text occupies. Everything that lays out text (wrapping,
// truncation, drawing) measures through here, so the rules live in one place.
//
// Rules, per grapheme cluster:
// - control characters (C0, DEL, C1, U+2028/U+2029) are never drawn raw; they count as the
//   width of their visible form (`^[`, `^?`, `<U+0085>`), see `VisibleText`;
// - otherwise the width of the first scalar that has a width (so `e` + U+0301 is 1, and a
//   Hangul L+V+T sequence is 2), where zero-width scalars are combining marks, format
//   characters (ZWJ, ZWSP, variation selectors...) and wide ones are East Asian Wide/Fullwidth
//   and emoji presentation (see `WidthTable.swift`);
// - a text-style emoji followed by VS16 (U+FE0F, e.g. `❤️`) and a regional-indicator pair
//   (a flag) are 2 wide, because that is how terminals draw them.

public enum DisplayWidth {
    /// Columns taken by one scalar drawn on its own. Controls count as their visible form.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        // Fast paths: printable ASCII and Latin-1 cover nearly all of an English book.
        if v >= 0x20 && v < 0x7F { return 1 }
        if v < 0x20 || v == 0x7F { return 2 }          // ^@ .. ^_ and ^?
        if v < 0xA0 { return 8 }                        // C1 as <U+0085>
        if v < 0x300 { return 1 }
        if v == 0x2028 || v == 0x2029 { return 8 }     // line/paragraph separator, <U+2028>
        return tableWidth(v)
    }

    /// Columns taken by a string: the sum of its grapheme clusters' widths.
    public static func of(_ string: some StringProtocol) -> Int {
        ClusterScanner.scan(substring(string)) { scanner in
            var total = 0
            while let cluster = scanner.next() { total += cluster.width }
            return total
        }
    }

    /// Columns taken by one grapheme cluster.
    public static func of(_ character: Character) -> Int {
        clusterWidth(character.unicodeScalars)
    }

    /// Binary search over the `lower, upper, width` triples of `ranges`.
    static func tableWidth(_ v: UInt32) -> Int {
        ranges.withUnsafeBufferPointer { table in
            var low = 0, high = table.count / 3 - 1
            while low <= high {
                let mid = (low + high) >> 1
                if v < table[mid * 3] {
                    high = mid - 1
                } else if v > table[mid * 3 + 1] {
                    low = mid + 1
                } else {
                    return Int(table[mid * 3 + 2])
                }
            }
            return 1
        }
    }

    /// Whether a scalar is drawn in a visible substitute form instead of itself.
    @inline(__always)
    static func isControl(_ v: UInt32) -> Bool {
        v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029
    }

    /// Width of a whole grapheme cluster given its scalars.
    static func clusterWidth<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> Int {
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        if isControl(first.value) {
            // Only CR LF forms a multi-scalar cluster with a control; show each part.
            var total = of(first)
            while let next = iterator.next() { total += of(next) }
            return total
        }
        var width = of(first)
        var count = 1
        var second: Unicode.Scalar?
        var hasVS16 = false
        while let next = iterator.next() {
            count += 1
            if count == 2 { second = next }
            if next.value == 0xFE0F { hasVS16 = true }
            if width == 0 { width = of(next) }  // e.g. a prepended format character
        }
        if count == 1 { return width }
        if width == 1 {
            // Regional-indicator pair: a flag, drawn wide.
            if (0x1F1E6...0x1F1FF).contains(first.value), let second,
               (0x1F1E6...0x1F1FF).contains(second.value) { return 2 }
            // VS16 asks for emoji presentation, which terminals draw wide.
            if hasVS16 && first.properties.isEmoji { return 2 }
        }
        return width
    }
}

/// Any `StringProtocol` as a `Substring` without copying when it already is a String or
/// Substring (the common cases), so the scanners below are written once, non-generically.
@inline(__always)
func substring(_ string: some StringProtocol) -> Substring {
    if let s = string as? String { return s[...] }
    if let s = string as? Substring { return s }
    return String(string)[...]
}

/// Each ASCII character as a one-character string, made once.
private let asciiStrings: [String] = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }

/// One grapheme cluster found by `ClusterScanner`; `start` and `end` are UTF-8 offsets from
/// the start of the scanned text.
struct Cluster {
    var start: Int
    var end: Int
    var first: Unicode.Scalar
    var scalarCount: Int
    var width: Int

    var isControl: Bool { DisplayWidth.isControl(first.value) }
    var isSpace: Bool { first.value == 0x20 && scalarCount == 1 }
    var isNewline: Bool { first.value == 0x0A || (first.value == 0x0D && scalarCount == 2) }
}

/// Walks grapheme clusters over the text's UTF-8 bytes, asking `String` for a cluster
/// boundary only when a scalar at or above U+0300 is involved.
/// Why: going through `String.Index` costs tens of nanoseconds per scalar (validation and
/// decoding on every access), several times more than decoding the bytes ourselves, and the
/// book is wrapped on every resize. Two scalars below U+0300 (other than CR LF) always have a
/// cluster break between them (no Extend, Prepend, emoji or regional indicators live there),
/// the same fast path the standard library uses, so boundaries agree exactly with `Character`.
struct ClusterScanner {
    let text: Substring
    let bytes: UnsafeBufferPointer<UInt8>
    /// UTF-8 offset of the next cluster.
    private(set) var position = 0

    /// Runs `body` with a scanner over `text`, whose bytes are only valid inside the call.
    static func scan<R>(_ text: Substring, _ body: (inout ClusterScanner) throws -> R) rethrows -> R {
        if let result = try text.utf8.withContiguousStorageIfAvailable({ bytes -> R in
            var scanner = ClusterScanner(text: text, bytes: bytes)
            return try body(&scanner)
        }) {
            return result
        }
        // Not contiguous UTF-8 (a bridged string): scan the bytes of a native copy, which has
        // the same UTF-8 offsets, while indices and boundaries still come from `text`.
        var copy = String(text)
        copy.makeContiguousUTF8()
        return try copy.utf8.withContiguousStorageIfAvailable { bytes -> R in
            var scanner = ClusterScanner(text: text, bytes: bytes)
            return try body(&scanner)
        }!
    }

    private init(text: Substring, bytes: UnsafeBufferPointer<UInt8>) {
        self.text = text
        self.bytes = bytes
    }

    /// The `String.Index` of a UTF-8 offset returned by this scanner (O(1) for native strings).
    func index(_ offset: Int) -> String.Index {
        text.utf8.index(text.startIndex, offsetBy: offset)
    }

    /// The text of a cluster.
    func string(_ cluster: Cluster) -> String {
        // Most cells hold one ASCII character: no need to decode and validate it each time.
        if cluster.end - cluster.start == 1 && bytes[cluster.start] < 0x80 { return asciiStrings[Int(bytes[cluster.start])] }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[cluster.start..<cluster.end]), as: UTF8.self)
    }

    /// Decodes the scalar at byte offset `p` of valid UTF-8; returns it and its length.
    @inline(__always)
    func decode(_ p: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[p])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[p + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[p + 1] & 0x3F) << 6 | UInt32(bytes[p + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[p + 1] & 0x3F) << 12
                | UInt32(bytes[p + 2] & 0x3F) << 6 | UInt32(bytes[p + 3] & 0x3F), 4)
    }

    @inline(__always)
    mutating func next() -> Cluster? {
        let start = position
        let count = bytes.count
        guard start < count else { return nil }
        let (value, length) = decode(start)
        let afterFirst = start + length
        let first = Unicode.Scalar(value).unsafelyUnwrapped
        // A lead byte below 0xCC means the next scalar is below U+0300.
        if afterFirst == count || (value < 0x300 && bytes[afterFirst] < 0xCC && value != 0x0D) {
            position = afterFirst
            let width = value >= 0x20 && value < 0x7F ? 1 : DisplayWidth.of(first)
            return Cluster(start: start, end: afterFirst, first: first, scalarCount: 1, width: width)
        }
        // Slow path: let String find the boundary, then count and measure the scalars.
        let startIndex = index(start)
        var end = text.utf8.distance(from: text.startIndex, to: text.index(after: startIndex))
        if end <= start || end > count { end = afterFirst }  // defensive: always progress
        position = end
        if end == afterFirst {
            // Most slow-path clusters are one scalar (a curly quote, a dash, a letter with no marks).
            return Cluster(start: start, end: end, first: first, scalarCount: 1, width: DisplayWidth.of(first))
        }
        let scalars = text.unicodeScalars[startIndex..<index(end)]
        return Cluster(start: start, end: end, first: first, scalarCount: scalars.count,
                       width: DisplayWidth.clusterWidth(scalars))
    }
}
