// Splitting rectangles. Pure functions: every result lies inside the input rectangle, sizes are
// never negative, and too little room shrinks the later parts first.

public enum Axis: Hashable, Sendable {
    /// Side by side (split the width).
    case horizontal
    /// Stacked (split the height).
    case vertical
}

/// How much of the split axis a part wants.
public enum LayoutSize: Hashable, Sendable {
    /// Exactly this many columns/rows (less if there is not room).
    case fixed(Int)
    /// This percentage of the available length (after spacing).
    case percent(Int)
    /// A share of whatever the fixed and percent parts leave, by weight.
    case fill(Int)
}

public enum Layout {
    /// Splits `rect` along `axis` into one rectangle per size, with `spacing` cells between.
    public static func split(_ rect: Rect, _ axis: Axis, _ sizes: [LayoutSize], spacing: Int = 0) -> [Rect] {
        guard !sizes.isEmpty else { return [] }
        let length = axis == .horizontal ? rect.width : rect.height
        let gap = max(0, spacing)
        let available = max(0, length - gap * (sizes.count - 1))
        var lengths = [Int](repeating: 0, count: sizes.count)
        var remaining = available
        // Fixed and percent parts first, in order, each getting what is left at most.
        for (i, size) in sizes.enumerated() {
            let wanted: Int
            switch size {
            case .fixed(let n): wanted = max(0, n)
            case .percent(let p): wanted = available * min(100, max(0, p)) / 100
            case .fill: continue
            }
            lengths[i] = min(wanted, remaining)
            remaining -= lengths[i]
        }
        // Fill parts share the rest by weight; rounding leftovers go to the last fill part.
        var totalWeight = 0
        var lastFill: Int?
        for (i, size) in sizes.enumerated() {
            if case .fill(let w) = size { totalWeight += max(0, w); lastFill = i }
        }
        if let lastFill {
            let pool = remaining
            for (i, size) in sizes.enumerated() {
                if case .fill(let w) = size, totalWeight > 0 { lengths[i] = pool * max(0, w) / totalWeight }
            }
            lengths[lastFill] += pool - lengths.enumerated().reduce(0) { sum, item in
                if case .fill = sizes[item.offset] { return sum + item.element }
                return sum
            }
        }
        var rects: [Rect] = []
        var position = axis == .horizontal ? rect.x : rect.y
        let end = axis == .horizontal ? rect.maxX : rect.maxY
        for (i, part) in lengths.enumerated() {
            let start = min(position, end)
            let partLength = min(part, end - start)
            switch axis {
            case .horizontal: rects.append(Rect(x: start, y: rect.y, width: partLength, height: rect.height))
            case .vertical: rects.append(Rect(x: rect.x, y: start, width: rect.width, height: partLength))
            }
            position = start + partLength + (i < lengths.count - 1 ? gap : 0)
        }
        return rects
    }
}

extension Rect {
    public init(origin: Point, size: Size) {
        self.init(x: origin.x, y: origin.y, width: size.width, height: size.height)
    }

    /// Shrunk by `dx` columns on each side and `dy` rows at top and bottom (never negative).
    public func insetBy(dx: Int, dy: Int) -> Rect {
        let w = max(0, width - 2 * dx), h = max(0, height - 2 * dy)
        return Rect(x: x + min(dx, width / 2), y: y + min(dy, height / 2), width: w, height: h)
    }

    /// The left `width` columns and the rest.
    public func splitLeft(_ columns: Int) -> (left: Rect, right: Rect) {
        let c = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: c, height: height), Rect(x: x + c, y: y, width: width - c, height: height))
    }

    /// The right `columns` columns and the rest.
    public func splitRight(_ columns: Int) -> (left: Rect, right: Rect) {
        splitLeft(width - min(max(0, columns), width))
    }

    /// The top `rows` rows and the rest.
    public func splitTop(_ rows: Int) -> (top: Rect, bottom: Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: r), Rect(x: x, y: y + r, width: width, height: height - r))
    }

    /// The bottom `rows` rows and the rest.
    public func splitBottom(_ rows: Int) -> (top: Rect, bottom: Rect) {
        splitTop(height - min(max(0, rows), height))
    }

    /// Row `index` as a one-row rectangle (empty outside the rectangle).
    public func row(_ index: Int) -> Rect {
        guard index >= 0 && index < height else { return Rect(x: x, y: y, width: 0, height: 0) }
        return Rect(x: x, y: y + index, width: width, height: 1)
    }

    /// A rectangle of at most the given size centred in this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width), ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }
}
