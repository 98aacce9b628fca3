// Generic widgets. Each is a plain value rendered into a given Rect of a ScreenBuffer; none
// keeps state between frames (the app keeps selection and offsets in its own state), and each
// renders at any size, including 0x0, without trapping.

// MARK: - ListViewport

/// Scroll logic for a list: which row is at the top so the selection stays visible.
public enum ListViewport {
    /// The largest useful offset: the last page is full when the list is long enough.
    public static func maxOffset(count: Int, height: Int) -> Int {
        max(0, count - max(0, height))
    }

    /// `offset` brought into `0...maxOffset`.
    public static func clamp(_ offset: Int, count: Int, height: Int) -> Int {
        min(max(0, offset), maxOffset(count: count, height: height))
    }

    /// The offset that keeps `selected` visible, moving as little as possible from `current`
    /// (so the list does not jump), with `margin` rows of context above and below the
    /// selection where the list allows it.
    public static func offset(keeping selected: Int?, count: Int, height: Int, current: Int,
                              margin: Int = 0) -> Int {
        guard count > 0, height > 0 else { return 0 }
        var offset = clamp(current, count: count, height: height)
        guard let selected else { return offset }
        let s = min(max(0, selected), count - 1)
        let m = min(max(0, margin), (height - 1) / 2)
        if s - m < offset { offset = s - m }
        if s + m >= offset + height { offset = s + m - height + 1 }
        return clamp(offset, count: count, height: height)
    }

    /// The indices of the rows shown.
    public static func visibleRange(offset: Int, count: Int, height: Int) -> Range<Int> {
        let start = clamp(offset, count: count, height: height)
        return start..<min(max(0, count), start + max(0, height))
    }
}

// MARK: - ListView

/// Rows of spans with one selected row and an optional scrollbar on the right edge.
/// Rows are produced on demand, so a long list costs only its visible rows per frame.
public struct ListView {
    public var count: Int
    public var row: (Int) -> [Span]
    public var selected: Int?
    /// Index of the top row, usually from `ListViewport.offset(keeping:...)`.
    public var offset: Int
    public var style: Style
    /// Applied over the whole selected row (after its spans are drawn).
    public var selection: StylePatch
    public var showsScrollbar: Bool
    public var scrollbarStyle: Style

    public init(count: Int, selected: Int? = nil, offset: Int = 0, style: Style = .plain,
                selection: StylePatch = .reverse, showsScrollbar: Bool = true,
                scrollbarStyle: Style = Style(attributes: .dim), row: @escaping (Int) -> [Span]) {
        self.count = max(0, count)
        self.row = row
        self.selected = selected
        self.offset = offset
        self.style = style
        self.selection = selection
        self.showsScrollbar = showsScrollbar
        self.scrollbarStyle = scrollbarStyle
    }

    public init(rows: [[Span]], selected: Int? = nil, offset: Int = 0, style: Style = .plain,
                selection: StylePatch = .reverse, showsScrollbar: Bool = true) {
        self.init(count: rows.count, selected: selected, offset: offset, style: style,
                  selection: selection, showsScrollbar: showsScrollbar) { rows[$0] }
    }

    /// Whether a scrollbar is drawn in `rect`: only when the rows do not all fit and there is
    /// room for it beside at least one column of text.
    public func hasScrollbar(in rect: Rect) -> Bool {
        showsScrollbar && count > rect.height && rect.width >= 2 && rect.height > 0
    }

    public func render(into buffer: inout ScreenBuffer, in rect: Rect) {
        guard !rect.isEmpty else { return }
        buffer.fill(rect, with: Cell(" ", style: style))
        let scrollbar = hasScrollbar(in: rect)
        let textArea = scrollbar ? rect.splitRight(1).left : rect
        let top = ListViewport.clamp(offset, count: count, height: rect.height)
        for (line, index) in ListViewport.visibleRange(offset: top, count: count, height: rect.height).enumerated() {
            let rowRect = textArea.row(line)
            buffer.putLine(spans: row(index), in: rowRect, fill: style)
            if index == selected { buffer.apply(selection, in: rowRect) }
        }
        if scrollbar {
            let bar = rect.splitRight(1).right
            let thumb = ListView.thumb(count: count, height: rect.height, offset: top)
            for y in 0..<bar.height {
                let onThumb = thumb.contains(y)
                buffer.put(onThumb ? "█" : "│", at: Point(x: bar.x, y: bar.y + y), style: scrollbarStyle, clip: bar)
            }
        }
    }

    /// The rows of the scrollbar covered by its thumb: proportional to the visible share,
    /// at least one row, at the bottom exactly when the last row is shown.
    public static func thumb(count: Int, height: Int, offset: Int) -> Range<Int> {
        guard height > 0, count > height else { return 0..<max(0, height) }
        let length = max(1, height * height / count)
        let maxOffset = count - height
        let start = (height - length) * min(max(0, offset), maxOffset) / maxOffset
        return start..<(start + length)
    }

    /// The list index under `point`, for mouse clicks; nil outside the rows or the rect.
    public func index(at point: Point, in rect: Rect) -> Int? {
        guard rect.contains(point) else { return nil }
        if hasScrollbar(in: rect) && point.x == rect.maxX - 1 { return nil }
        let index = ListViewport.clamp(offset, count: count, height: rect.height) + point.y - rect.y
        return index < count ? index : nil
    }
}

// MARK: - TabBar

public struct Tab: Hashable, Sendable {
    public var label: String
    public var count: Int?
    public init(_ label: String, count: Int? = nil) {
        self.label = label
        self.count = count
    }

    /// The tab as drawn: ` Label (12) `.
    public var title: String {
        if let count { return " \(label) (\(count)) " }
        return " \(label) "
    }
}

/// One row of tabs, the active one styled. Tabs that do not fit are truncated with … or
/// left out.
public struct TabBar: Hashable, Sendable {
    public var tabs: [Tab]
    public var active: Int
    public var style: Style
    public var activeStyle: Style

    public init(tabs: [Tab], active: Int, style: Style = .plain,
                activeStyle: Style = Style(attributes: [.bold, .reverse])) {
        self.tabs = tabs
        self.active = active
        self.style = style
        self.activeStyle = activeStyle
    }

    /// Draws the first row of `rect`. Returns, per tab, the columns it occupies (absolute x,
    /// half-open; empty when the tab was not drawn) for `TabBar.tab(at:in:)`.
    @discardableResult
    public func render(into buffer: inout ScreenBuffer, in rect: Rect) -> [Range<Int>] {
        let row = rect.row(0)
        buffer.fill(row, with: Cell(" ", style: style))
        let placed = layout(in: rect)
        for (i, (title, range)) in placed.enumerated() where !range.isEmpty {
            buffer.put(title, at: Point(x: range.lowerBound, y: row.y), style: i == active ? activeStyle : style, clip: row)
        }
        return placed.map(\.range)
    }

    /// Each tab's title as drawn (cut to the room left) and its columns, without drawing:
    /// what clicks are tested against.
    public func layout(in rect: Rect) -> [(title: String, range: Range<Int>)] {
        let row = rect.row(0)
        var placed: [(title: String, range: Range<Int>)] = []
        placed.reserveCapacity(tabs.count)
        var x = row.x
        for tab in tabs {
            let room = row.maxX - x
            guard room > 0 else { placed.append(("", row.maxX..<row.maxX)); continue }
            let title = VisibleText.truncate(tab.title, toWidth: room)
            let used = DisplayWidth.of(title)
            placed.append((title, x..<(x + used)))
            x += used
        }
        return placed
    }

    /// The tab whose range contains column `x`.
    public static func tab(at x: Int, in ranges: [Range<Int>]) -> Int? {
        ranges.firstIndex { $0.contains(x) }
    }
}

// MARK: - Frame

/// A box drawn with box-drawing characters, with an optional title in the top border.
public struct Frame: Hashable, Sendable {
    public var title: String?
    public var style: Style
    public var titleStyle: Style

    public init(title: String? = nil, style: Style = .plain, titleStyle: Style = Style(attributes: .bold)) {
        self.title = title
        self.style = style
        self.titleStyle = titleStyle
    }

    /// The area inside the border (empty when `rect` is too small for a border).
    public static func inner(of rect: Rect) -> Rect {
        guard rect.width >= 2 && rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        return rect.insetBy(dx: 1, dy: 1)
    }

    /// Draws the border (nothing when `rect` is smaller than 2x2) and returns the inner area.
    /// The inside is not cleared; `Overlay` does that.
    @discardableResult
    public func render(into buffer: inout ScreenBuffer, in rect: Rect) -> Rect {
        guard rect.width >= 2 && rect.height >= 2 else { return Frame.inner(of: rect) }
        let top = rect.y, bottom = rect.maxY - 1, left = rect.x, right = rect.maxX - 1
        let horizontal = String(repeating: "─", count: rect.width - 2)
        buffer.put("┌" + horizontal + "┐", at: Point(x: left, y: top), style: style, clip: rect)
        buffer.put("└" + horizontal + "┘", at: Point(x: left, y: bottom), style: style, clip: rect)
        for y in (top + 1)..<bottom {
            buffer.put("│", at: Point(x: left, y: y), style: style, clip: rect)
            buffer.put("│", at: Point(x: right, y: y), style: style, clip: rect)
        }
        if let title, !title.isEmpty, rect.width > 2 {
            let fitted = VisibleText.truncate(" \(title) ", toWidth: rect.width - 2)
            buffer.put(fitted, at: Point(x: left + 1, y: top), style: titleStyle,
                       clip: Rect(x: left + 1, y: top, width: rect.width - 2, height: 1))
        }
        return Frame.inner(of: rect)
    }
}

// MARK: - Overlay

/// A framed box centred over the screen, for help and dialogs: the area below is cleared, the
/// title sits in the border and the body lines are drawn one column in from the border.
public struct Overlay {
    public var title: String
    public var lines: [[Span]]
    /// First body line shown, for bodies taller than the box.
    public var offset: Int
    public var style: Style
    public var frame: Frame

    public init(title: String, lines: [[Span]], offset: Int = 0, style: Style = .plain,
                borderStyle: Style = .plain, titleStyle: Style = Style(attributes: .bold)) {
        self.title = title
        self.lines = lines
        self.offset = offset
        self.style = style
        self.frame = Frame(title: title, style: borderStyle, titleStyle: titleStyle)
    }

    /// The box for this content inside `container`: content plus border and one column of
    /// padding on each side, centred and clamped to the container.
    public func box(in container: Rect) -> Rect {
        let bodyWidth = lines.map(Span.width(of:)).max() ?? 0
        let width = max(bodyWidth + 4, DisplayWidth.of(title) + 4)
        return container.centered(width: width, height: lines.count + 2)
    }

    /// Draws the overlay and returns the box it occupies.
    @discardableResult
    public func render(into buffer: inout ScreenBuffer, in container: Rect) -> Rect {
        let box = box(in: container)
        guard !box.isEmpty else { return box }
        buffer.fill(box, with: Cell(" ", style: style))
        let inner = frame.render(into: &buffer, in: box)
        let body = inner.insetBy(dx: 1, dy: 0)
        guard !body.isEmpty else { return box }
        let top = ListViewport.clamp(offset, count: lines.count, height: body.height)
        for (row, index) in ListViewport.visibleRange(offset: top, count: lines.count, height: body.height).enumerated() {
            buffer.putLine(spans: lines[index], in: body.row(row), fill: style)
        }
        // A body taller than the box gets its own scroll thumb on the right border, so that
        // it is never confused with the scrollbar of a list underneath.
        if lines.count > inner.height && inner.height > 0 && box.width >= 2 {
            let thumb = ListView.thumb(count: lines.count, height: inner.height, offset: top)
            for y in thumb {
                buffer.put("█", at: Point(x: box.maxX - 1, y: inner.y + y), style: frame.style)
            }
        }
        return box
    }
}

// MARK: - StatusBar

/// One row with a left and a right part. The right part (position, mode) is kept whole when
/// it fits; the left part gets the rest and is truncated with ….
public struct StatusBar: Hashable, Sendable {
    public var left: [Span]
    public var right: [Span]
    public var style: Style

    public init(left: [Span], right: [Span] = [], style: Style = Style(attributes: .reverse)) {
        self.left = left
        self.right = right
        self.style = style
    }

    public init(left: String, right: String = "", style: Style = Style(attributes: .reverse)) {
        self.init(left: [Span(left, style: style)], right: right.isEmpty ? [] : [Span(right, style: style)], style: style)
    }

    public func render(into buffer: inout ScreenBuffer, in rect: Rect) {
        let row = rect.row(0)
        guard !row.isEmpty else { return }
        buffer.fill(row, with: Cell(" ", style: style))
        let rightSpans = Span.truncate(right, toWidth: row.width)
        let rightWidth = Span.width(of: rightSpans)
        let gap = rightWidth > 0 ? 1 : 0
        let leftWidth = max(0, row.width - rightWidth - gap)
        buffer.put(spans: Span.truncate(left, toWidth: leftWidth), at: Point(x: row.x, y: row.y),
                   clip: Rect(x: row.x, y: row.y, width: leftWidth, height: 1))
        buffer.put(spans: rightSpans, at: Point(x: row.maxX - rightWidth, y: row.y), clip: row)
    }
}
