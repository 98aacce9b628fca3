// Keyword in context: a hit with as much of its paragraph around it as fits a width.

public struct Snippet: Equatable, Sendable {
    public var left: String
    public var match: String
    public var right: String
    /// Text was cut before `left` / after `right` (show an ellipsis there).
    public var leftTruncated: Bool
    public var rightTruncated: Bool

    public init(left: String, match: String, right: String, leftTruncated: Bool, rightTruncated: Bool) {
        self.left = left
        self.match = match
        self.right = right
        self.leftTruncated = leftTruncated
        self.rightTruncated = rightTruncated
    }

    /// `…left match right…` as one line.
    public var line: String {
        (leftTruncated ? "…" : "") + left + match + right + (rightTruncated ? "…" : "")
    }
}

extension SearchIndex {
    /// Left context, match and right context of `hit`, together at most `width` Unicode scalars
    /// (not counting ellipses the caller may add). The context is cut at spaces where possible,
    /// the match is centred when there is text on both sides, and control characters, line
    /// breaks and bidi controls become spaces so the result is safe to print on one line.
    /// Only the scalars within reach of the hit are read, so a hit in a paragraph of megabytes
    /// costs what one in a short paragraph does.
    public func snippet(for hit: SearchHit, width: Int) -> Snippet {
        let text = units[hit.unit].text
        // Two scalars more than the width on each side: the cut looks one scalar past it.
        let margin = max(0, width) + 2
        let from = max(0, hit.offset - margin)
        let view = text.unicodeScalars
        let lower = text.utf8Index(byteOffset(unit: hit.unit, scalarOffset: from))
        var scalars: [Unicode.Scalar] = []
        let wanted = hit.offset - from + min(max(0, hit.length), max(0, width)) + margin
        scalars.reserveCapacity(wanted)
        var cursor = lower
        while cursor < view.endIndex && scalars.count < wanted {
            scalars.append(view[cursor])
            cursor = view.index(after: cursor)
        }
        return Self.snippet(scalars: scalars, offset: hit.offset - from, length: hit.length, width: width,
                            textBefore: from > 0, textAfter: cursor < view.endIndex)
    }

    public static func snippet(text: String, offset: Int, length: Int, width: Int) -> Snippet {
        snippet(scalars: Array(text.unicodeScalars), offset: offset, length: length, width: width,
                textBefore: false, textAfter: false)
    }

    /// `scalars`: the text, or a stretch of it at least `width` + 2 scalars either side of the
    /// hit (wherever the text goes on: `textBefore`, `textAfter`), which gives the same snippet.
    static func snippet(scalars: [Unicode.Scalar], offset: Int, length: Int, width: Int,
                        textBefore: Bool, textAfter: Bool) -> Snippet {
        let start = max(0, min(offset, scalars.count))
        let end = max(start, min(start + length, scalars.count))
        let width = max(0, width)
        func string(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            for s in scalars[range] { view.append(safe(s)) }
            return String(view)
        }
        if end - start >= width {
            return Snippet(left: "", match: string(start ..< start + width), right: "",
                           leftTruncated: start > 0 || textBefore, rightTruncated: start + width < scalars.count || textAfter)
        }
        let budget = width - (end - start)
        let leftAvailable = start, rightAvailable = scalars.count - end
        let leftBudget = min(leftAvailable, max(budget / 2, budget - rightAvailable))
        let rightBudget = min(rightAvailable, budget - leftBudget)
        func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || s.value < 0x20 }

        var leftStart = start - leftBudget
        if leftStart > 0 && !isSpace(scalars[leftStart - 1]) {
            // Drop the partial word at the cut, when a space is in reach.
            if let space = (leftStart ..< start).first(where: { isSpace(scalars[$0]) }) { leftStart = space }
        }
        while leftStart < start && isSpace(scalars[leftStart]) { leftStart += 1 }
        var rightEnd = end + rightBudget
        if rightEnd < scalars.count && !isSpace(scalars[rightEnd]) {
            if let space = (end ..< rightEnd).last(where: { isSpace(scalars[$0]) }) { rightEnd = space }
        }
        while rightEnd > end && isSpace(scalars[rightEnd - 1]) { rightEnd -= 1 }
        return Snippet(left: string(leftStart ..< start), match: string(start ..< end), right: string(end ..< rightEnd),
                       leftTruncated: leftStart > 0 || textBefore, rightTruncated: rightEnd < scalars.count || textAfter)
    }

    static func safe(_ s: Unicode.Scalar) -> Unicode.Scalar {
        let v = s.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029
            || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) || v == 0x200E || v == 0x200F {
            return " "
        }
        return s
    }
}
