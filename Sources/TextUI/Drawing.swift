// Drawing text into a ScreenBuffer. All drawing goes through `put`, which measures with
// `DisplayWidth`, shows control characters in visible form, clips silently (never traps) and
// keeps wide characters whole: a wide character that would straddle a clip edge becomes a
// blank, and overwriting half of an existing wide character blanks its other half, so the
// buffer never holds a dangling half that a backend would draw wrongly.

/// A run of text in one style.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// Total display width of `spans`.
    public static func width(of spans: [Span]) -> Int {
        spans.reduce(0) { $0 + DisplayWidth.of($1.text) }
    }

    /// `spans` cut to `width` columns, ending with `ellipsis` (in the style of the span where
    /// the cut falls) when anything was cut.
    public static func truncate(_ spans: [Span], toWidth width: Int, ellipsis: String = "…") -> [Span] {
        guard width > 0 else { return [] }
        if Span.width(of: spans) <= width { return spans }
        let ellipsisWidth = DisplayWidth.of(ellipsis)
        let room = ellipsisWidth <= width ? width - ellipsisWidth : width
        var result: [Span] = []
        var used = 0
        for span in spans {
            let spanWidth = DisplayWidth.of(span.text)
            if used + spanWidth <= room {
                result.append(span)
                used += spanWidth
                continue
            }
            let kept = VisibleText.prefixEnd(of: span.text[...], width: room - used)
            var tail = String(span.text[..<kept.end])
            if ellipsisWidth <= width { tail += ellipsis }
            if !tail.isEmpty { result.append(Span(tail, style: span.style)) }
            break
        }
        return result
    }
}

/// A change to a style, for overlays such as a selection or a search highlight drawn over
/// text that already has its own colours. Nil colours are left alone.
public struct StylePatch: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var adding: Attributes
    public var removing: Attributes

    public init(foreground: Color? = nil, background: Color? = nil,
                adding: Attributes = [], removing: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.adding = adding
        self.removing = removing
    }

    /// Replaces the whole style.
    public init(_ style: Style) {
        self.init(foreground: style.foreground, background: style.background,
                  adding: style.attributes, removing: Attributes(rawValue: ~style.attributes.rawValue))
    }

    public static let reverse = StylePatch(adding: .reverse)

    public func applied(to style: Style) -> Style {
        var result = style
        if let foreground { result.foreground = foreground }
        if let background { result.background = background }
        result.attributes.subtract(removing)
        result.attributes.formUnion(adding)
        return result
    }
}

extension Rect {
    /// The part of the rectangle inside `other` (empty, at a clamped origin, when disjoint).
    public func intersection(_ other: Rect) -> Rect {
        let x0 = max(x, other.x), y0 = max(y, other.y)
        let x1 = min(maxX, other.maxX), y1 = min(maxY, other.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}

extension ScreenBuffer {
    /// Draws `text` on row `point.y` from column `point.x`, clipped to `clip` (and the
    /// buffer). Returns the columns used: how far the cursor moved from `point.x`, stopping at
    /// the clip's right edge. Combining marks and other zero-width clusters join the cell to
    /// their left.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, at point: Point, style: Style = .plain,
                             clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard !area.isEmpty, point.y >= area.y, point.y < area.maxY else { return 0 }
        let y = point.y
        var x = point.x
        ClusterScanner.scan(substring(text)) { scanner in
            while x < area.maxX, let cluster = scanner.next() {
                if cluster.isControl {
                    for scalar in scanner.string(cluster).unicodeScalars {
                        for piece in (VisibleText.visibleForm(of: scalar) ?? "?").unicodeScalars {
                            if x >= area.maxX { break }
                            if x >= area.x { writeNarrow(x, y, Cell(String(piece), style: style)) }
                            x += 1
                        }
                    }
                    continue
                }
                switch cluster.width {
                case 0:
                    attach(scanner.string(cluster), toCellBefore: x, y: y, area: area)
                case 1:
                    if x >= area.x { writeNarrow(x, y, Cell(scanner.string(cluster), style: style)) }
                    x += 1
                default:
                    if x >= area.x && x + 1 < area.maxX {
                        writeWide(x, y, Cell(scanner.string(cluster), style: style))
                    } else {
                        // Half of it would be clipped: show a blank rather than half a character.
                        if x >= area.x { writeNarrow(x, y, Cell(" ", style: style)) }
                        if x + 1 >= area.x && x + 1 < area.maxX { writeNarrow(x + 1, y, Cell(" ", style: style)) }
                    }
                    x += 2
                }
            }
        }
        return max(0, min(x, area.maxX) - point.x)
    }

    /// What `put` draws at `column` (0-based from where `text` starts): the scalar offset in
    /// `text` of that character, or nil past its end. Both cells of a wide character and every
    /// cell of a control's visible form lead to it; zero-width characters join the one before.
    /// Clicks are hit-tested with this, so it advances exactly as `put` does.
    public static func scalarOffset(ofColumn column: Int, in text: some StringProtocol) -> Int? {
        guard column >= 0 else { return nil }
        return ClusterScanner.scan(substring(text)) { scanner in
            var x = 0
            var offset = 0
            while let cluster = scanner.next() {
                var advance = cluster.width
                if cluster.isControl {
                    advance = scanner.string(cluster).unicodeScalars.reduce(0) { $0 + (VisibleText.visibleForm(of: $1)?.count ?? 1) }
                } else if cluster.width > 1 {
                    advance = 2
                }
                if column < x + advance { return offset }
                x += advance
                offset += cluster.scalarCount
            }
            return nil
        }
    }

    /// Draws short lines centred on the whole buffer, each cut to its width (messages such as
    /// "Terminal too small" and the loading screen).
    public mutating func putCentered(_ lines: [(text: String, style: Style)]) {
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < size.height {
            let text = VisibleText.truncate(line.text, toWidth: size.width)
            put(text, at: Point(x: max(0, (size.width - DisplayWidth.of(text)) / 2), y: top + i), style: line.style)
        }
    }

    /// Draws styled runs one after another on one row; returns the columns used.
    @discardableResult
    public mutating func put(spans: [Span], at point: Point, clip: Rect? = nil) -> Int {
        var x = point.x
        for span in spans {
            x += put(span.text, at: Point(x: x, y: point.y), style: span.style, clip: clip)
        }
        return x - point.x
    }

    /// Draws `text` into the first row of `rect`, truncated with … when too wide and padded
    /// with blanks in `style` to the full width, so the row is completely repainted.
    public mutating func putLine(_ text: some StringProtocol, in rect: Rect, style: Style = .plain,
                                 alignment: Alignment = .leading) {
        guard !rect.isEmpty else { return }
        put(VisibleText.pad(text, toWidth: rect.width, alignment: alignment),
            at: Point(x: rect.x, y: rect.y), style: style, clip: rect)
    }

    /// Draws spans into the first row of `rect`, truncated with … and padded in `fill` style.
    public mutating func putLine(spans: [Span], in rect: Rect, fill: Style = .plain) {
        guard !rect.isEmpty else { return }
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        self.fill(row, with: Cell(" ", style: fill))
        put(spans: Span.truncate(spans, toWidth: rect.width), at: Point(x: rect.x, y: rect.y), clip: row)
    }

    /// Sets every cell of `rect` (clipped to the buffer) to `cell`. A cell whose grapheme is
    /// not exactly one column wide is replaced by a blank in its style.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        var cell = cell
        if cell.grapheme.unicodeScalars.contains(where: { DisplayWidth.isControl($0.value) })
            || DisplayWidth.of(cell.grapheme) != 1 {
            cell.grapheme = " "
        }
        for y in area.y..<area.maxY {
            repairLeftEdge(area.x, y)
            repairRightEdge(area.maxX, y)
            for x in area.x..<area.maxX { self[x, y] = cell }
        }
    }

    /// Replaces the style of every cell in `rect` (clipped), keeping the characters.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        apply(StylePatch(style), in: rect)
    }

    /// Changes the style of every cell in `rect` (clipped), keeping the characters: the
    /// overlay for selections and highlights.
    public mutating func apply(_ patch: StylePatch, in rect: Rect) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { self[x, y].style = patch.applied(to: self[x, y].style) }
        }
    }

    /// The text of row `y` (continuation cells contribute nothing), for tests and debugging.
    public func text(ofRow y: Int) -> String {
        guard y >= 0 && y < size.height else { return "" }
        var s = ""
        for x in 0..<size.width { s += self[x, y].grapheme }
        return s
    }

    // MARK: - Cell writes that keep wide characters whole

    /// Writing at `x` breaks a wide character whose right half is at `x`: blank its left half.
    private mutating func repairLeftEdge(_ x: Int, _ y: Int) {
        guard x > 0 && x < size.width, self[x, y].isContinuation else { return }
        self[x - 1, y].grapheme = " "
    }

    /// Writing up to (not including) `x` breaks a wide character whose right half is at `x`.
    private mutating func repairRightEdge(_ x: Int, _ y: Int) {
        guard x > 0 && x < size.width, self[x, y].isContinuation else { return }
        self[x, y].grapheme = " "
    }

    private mutating func writeNarrow(_ x: Int, _ y: Int, _ cell: Cell) {
        repairLeftEdge(x, y)
        repairRightEdge(x + 1, y)
        self[x, y] = cell
    }

    private mutating func writeWide(_ x: Int, _ y: Int, _ cell: Cell) {
        repairLeftEdge(x, y)
        repairRightEdge(x + 2, y)
        self[x, y] = cell
        self[x + 1, y] = Cell("", style: cell.style)
    }

    /// A zero-width cluster joins the grapheme of the cell to the left of `x` (the owner of a
    /// wide pair when that cell is a continuation). With no such cell in `area` it is dropped,
    /// which is what a terminal would show for a combining mark with nothing to combine with.
    private mutating func attach(_ grapheme: String, toCellBefore x: Int, y: Int, area: Rect) {
        var target = x - 1
        if target >= area.x && target < area.maxX && self[target, y].isContinuation { target -= 1 }
        guard target >= area.x && target < area.maxX, !self[target, y].isContinuation else { return }
        self[target, y].grapheme += grapheme
    }
}
