// Greedy word wrapping that reports positions as Unicode-scalar offsets, because the rest of
// the project (people mentions, search hits, reading position) addresses text that way.
//
// Rules:
// - `\n` and `\r\n` end a line; a trailing newline gives a final empty line (like editors).
// - Lines break at spaces (U+0020 only: a no-break space keeps words together); the spaces
//   at a soft break belong to no line, so they are neither drawn at the end of one line nor
//   at the start of the next. Spaces at the start of a paragraph are indentation and kept.
// - A break is also allowed after `-`, U+2010 hyphen, U+2013 en dash and U+2014 em dash when
//   they follow a letter (`Brest-` / `Litovsk`, `1879–` / `1940`).
// - A word wider than the line is broken between grapheme clusters, never inside one.
// - A width below 1 is treated as 1; a single cluster wider than the line (a wide character
//   at width 1) gets a line of its own.

/// One wrapped line: the half-open scalar range `start..<end` of the text it shows, the
/// matching `String` indices (for O(1) slicing), and its display width.
public struct WrappedLine: Hashable, Sendable {
    public var start: Int
    public var end: Int
    public var width: Int
    public var startIndex: String.Index
    public var endIndex: String.Index

    public init(start: Int, end: Int, width: Int, startIndex: String.Index, endIndex: String.Index) {
        self.start = start
        self.end = end
        self.width = width
        self.startIndex = startIndex
        self.endIndex = endIndex
    }

    public var scalarRange: Range<Int> { start..<end }

    /// The line's text, sliced from the text it was wrapped from.
    public func text(in text: String) -> Substring { text[startIndex..<endIndex] }
}

public enum WordWrap {
    /// Wraps `text` to `width` columns. Never empty: empty text gives one empty line.
    public static func wrap(_ text: String, width: Int) -> [WrappedLine] { wrap(text[...], width: width) }

    /// Wraps a stretch of a text (a piece of a very long paragraph): offsets count from the
    /// stretch's start; indices are the text's own.
    public static func wrap(_ text: Substring, width: Int) -> [WrappedLine] {
        ClusterScanner.scan(text) { scanner in
            var state = WrapState(limit: max(1, width))
            state.lines.reserveCapacity(text.utf8.count / max(width, 8) + 1)
            while let cluster = scanner.next() { state.feed(cluster) }
            state.endLine(state.contentEnd, state.contentEndByte, state.contentWidth)
            // Why positions are UTF-8 offsets until here: String indices are only needed for
            // the lines, and making them per cluster would cost more than the wrapping.
            return state.lines.map { line in
                WrappedLine(start: line.start, end: line.end, width: line.width,
                            startIndex: scanner.index(line.startByte), endIndex: scanner.index(line.endByte))
            }
        }
    }

    /// Index of the line that shows scalar `offset`. Offsets that fall in a gap (the spaces of
    /// a soft break or a newline) belong to the line before the gap; offsets past the end to
    /// the last line. Binary search, so it suits mapping every highlight of a frame.
    public static func lineIndex(containing offset: Int, in lines: [WrappedLine]) -> Int {
        var low = 0, high = lines.count - 1, found = 0
        while low <= high {
            let mid = (low + high) >> 1
            if lines[mid].start <= offset {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return found
    }
}

/// A scalar range of some text to draw in a style, such as a person's mention or a search hit.
public struct Highlight: Hashable, Sendable {
    public var range: Range<Int>
    public var style: Style
    public init(_ range: Range<Int>, style: Style) {
        self.range = range
        self.style = style
    }
}

extension WrappedLine {
    /// The line as styled spans: `base` style, overridden by every highlight that overlaps
    /// the line (later highlights win, so put the current search hit last). Highlight ranges
    /// are scalar offsets into the whole `text`, the same space as `start` and `end`.
    public func spans(in text: String, base: Style, highlights: [Highlight]) -> [Span] {
        var cuts: [Int] = [start, end]
        for h in highlights where h.range.lowerBound < end && h.range.upperBound > start {
            cuts.append(max(h.range.lowerBound, start))
            cuts.append(min(h.range.upperBound, end))
        }
        cuts.sort()
        var spans: [Span] = []
        let scalars = text.unicodeScalars
        var index = startIndex
        var previousCut = start
        for cut in cuts.dropFirst() where cut > previousCut {
            let segmentEnd = scalars.index(index, offsetBy: cut - previousCut)
            var style = base
            for h in highlights where h.range.contains(previousCut) { style = h.style }
            let piece = String(scalars[index..<segmentEnd])
            if let last = spans.last, last.style == style {
                spans[spans.count - 1].text += piece
            } else {
                spans.append(Span(piece, style: style))
            }
            index = segmentEnd
            previousCut = cut
        }
        return spans
    }

    /// The display column within the line at which scalar `offset` starts (clamped to the line).
    public func column(ofScalar offset: Int, in text: String) -> Int {
        let count = min(max(0, offset - start), end - start)
        let scalars = text.unicodeScalars
        let stop = scalars.index(startIndex, offsetBy: count)
        return DisplayWidth.of(text[startIndex..<stop])
    }
}

/// The greedy wrapper's state. A struct with a mutating method rather than local variables
/// captured by a nested function: captured variables are boxed and every access is checked
/// for exclusivity at run time, which made wrapping several times slower.
private struct WrapState {
    struct Line {
        var start: Int, end: Int, width: Int, startByte: Int, endByte: Int
    }

    let limit: Int
    var lines: [Line] = []
    // Positions are scalar offsets, each with its UTF-8 offset (`...Byte`).
    var offset = 0                                  // where the next cluster starts
    var lineStart = 0, lineStartByte = 0
    var lineWidth = 0                               // lineStart up to here, spaces included
    var contentEnd = 0, contentEndByte = 0, contentWidth = 0
    var sawWord = false                             // spaces are break points, not indentation
    var inSpaces = false
    var previousIsWord = false
    // The latest break opportunity on this line: where the line would end and where the
    // next one would start (after the spaces).
    var hasBreak = false
    var breakEnd = 0, breakEndByte = 0, breakEndWidth = 0
    var breakNext = 0, breakNextByte = 0, breakNextWidth = 0

    init(limit: Int) { self.limit = limit }

    mutating func endLine(_ end: Int, _ endByte: Int, _ width: Int) {
        lines.append(Line(start: lineStart, end: end, width: width, startByte: lineStartByte, endByte: endByte))
    }

    @inline(__always)
    mutating func feed(_ cluster: Cluster) {
        let clusterStart = offset
        offset += cluster.scalarCount

        if cluster.isNewline {
            endLine(contentEnd, contentEndByte, contentWidth)
            lineStart = offset; lineStartByte = cluster.end
            contentEnd = offset; contentEndByte = cluster.end
            lineWidth = 0; contentWidth = 0
            sawWord = false; inSpaces = false; previousIsWord = false; hasBreak = false
            return
        }

        if cluster.isSpace && sawWord {
            if !inSpaces {
                breakEnd = clusterStart; breakEndByte = cluster.start; breakEndWidth = lineWidth
            }
            lineWidth += 1
            breakNext = offset; breakNextByte = cluster.end; breakNextWidth = lineWidth
            hasBreak = true; inSpaces = true; previousIsWord = false
            return
        }

        // Content: a word's cluster, or indentation before the first word.
        inSpaces = false
        if lineWidth + cluster.width > limit {
            if hasBreak {
                endLine(breakEnd, breakEndByte, breakEndWidth)
                lineStart = breakNext; lineStartByte = breakNextByte
                lineWidth -= breakNextWidth
                hasBreak = false
            }
            if lineWidth + cluster.width > limit && lineWidth > 0 {
                // The word alone is wider than the line: break it here.
                endLine(clusterStart, cluster.start, lineWidth)
                lineStart = clusterStart; lineStartByte = cluster.start
                lineWidth = 0
            }
        }
        lineWidth += cluster.width
        contentEnd = offset; contentEndByte = cluster.end; contentWidth = lineWidth
        let isDash: Bool
        switch cluster.first.value {
        case 0x2D, 0x2010, 0x2013, 0x2014: isDash = cluster.scalarCount == 1
        default: isDash = false
        }
        if isDash && previousIsWord {
            breakEnd = offset; breakEndByte = cluster.end; breakEndWidth = lineWidth
            breakNext = offset; breakNextByte = cluster.end; breakNextWidth = lineWidth
            hasBreak = true
        }
        if !cluster.isSpace { sawWord = true }
        previousIsWord = !cluster.isSpace && !isDash
    }
}
