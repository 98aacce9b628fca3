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
        var scanner = ClusterScanner(substring(string))
        var total = 0
        while let cluster = scanner.next() { total += cluster.width }
        return total
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

/// One grapheme cluster found by `ClusterScanner`.
struct Cluster {
    var start: String.Index
    var end: String.Index
    var first: Unicode.Scalar
    var scalarCount: Int
    var width: Int

    var isControl: Bool { DisplayWidth.isControl(first.value) }
    var isSpace: Bool { first.value == 0x20 && scalarCount == 1 }
    var isNewline: Bool { first.value == 0x0A || (first.value == 0x0D && scalarCount == 2) }
}

/// Walks grapheme clusters by scalars, asking `String` for cluster boundaries only when a
/// scalar at or above U+0300 is involved. Why: iterating `Character`s is several times slower
/// than scalars, and two scalars below U+0300 (other than CR LF) always have a cluster break
/// between them (no Extend, Prepend, emoji or regional indicators live there). This is the
/// same fast path the standard library uses, so boundaries agree exactly with `Character`.
struct ClusterScanner {
    let text: Substring
    private(set) var index: String.Index

    init(_ text: Substring) {
        self.text = text
        self.index = text.startIndex
    }

    mutating func next() -> Cluster? {
        let scalars = text.unicodeScalars
        let end = scalars.endIndex
        let start = index
        guard start < end else { return nil }
        let first = scalars[start]
        let afterFirst = scalars.index(after: start)
        if afterFirst == end {
            index = end
            return Cluster(start: start, end: end, first: first, scalarCount: 1,
                           width: DisplayWidth.of(first))
        }
        let next = scalars[afterFirst]
        if first.value < 0x300 && next.value < 0x300 && first.value != 0x0D {
            index = afterFirst
            return Cluster(start: start, end: afterFirst, first: first, scalarCount: 1,
                           width: DisplayWidth.of(first))
        }
        // Slow path: let String find the boundary, then count and measure the scalars.
        var clusterEnd = text.index(after: start)
        if clusterEnd <= start { clusterEnd = afterFirst }  // defensive: always progress
        let clusterScalars = scalars[start..<clusterEnd]
        index = clusterEnd
        return Cluster(start: start, end: clusterEnd, first: first,
                       scalarCount: clusterScalars.count,
                       width: DisplayWidth.clusterWidth(clusterScalars))
    }
}
