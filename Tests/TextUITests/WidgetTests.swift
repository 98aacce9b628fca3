@testable import TextUI
import Testing

/// The sizes every widget must survive: 0x0, 1x1, 3 columns wide, and a normal one.
private let sizes = [Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 3, height: 5),
                     Size(width: 3, height: 1), Size(width: 2, height: 2), Size(width: 30, height: 8)]

/// Renders into a buffer of `size` and returns it, checking that nothing dangles.
private func render(_ size: Size, sourceLocation: SourceLocation = #_sourceLocation,
                    _ draw: (inout ScreenBuffer, Rect) -> Void) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: size)
    draw(&buffer, buffer.bounds)
    // Every continuation cell follows a wide character.
    for y in 0..<size.height {
        for x in 0..<size.width where buffer[x, y].isContinuation {
            #expect(x > 0 && DisplayWidth.of(buffer[x - 1, y].grapheme) == 2, sourceLocation: sourceLocation)
        }
    }
    return buffer
}

private func trimmedRows(_ b: ScreenBuffer) -> [String] {
    (0..<b.size.height).map { y in
        var s = b.text(ofRow: y)
        while s.last == " " { s.removeLast() }
        return s
    }
}

@Suite struct LayoutTests {
    @Test func splitFixedPercentFill() {
        let r = Rect(x: 0, y: 0, width: 100, height: 10)
        let parts = Layout.split(r, .horizontal, [.fixed(20), .fill(1), .percent(25)])
        #expect(parts.map(\.width) == [20, 55, 25])
        #expect(parts.map(\.x) == [0, 20, 75])
        let spaced = Layout.split(r, .horizontal, [.fill(1), .fill(1)], spacing: 1)
        #expect(spaced.map(\.x) == [0, 50] && spaced.map(\.width) == [49, 50])
        let stacked = Layout.split(Rect(x: 2, y: 3, width: 5, height: 10), .vertical, [.fixed(1), .fill(1), .fixed(1)])
        #expect(stacked.map(\.y) == [3, 4, 12] && stacked.map(\.height) == [1, 8, 1])
    }

    @Test func splitWithoutRoomStaysInside() {
        for r in [Rect(x: 0, y: 0, width: 0, height: 0), Rect(x: 1, y: 1, width: 1, height: 1), Rect(x: 0, y: 0, width: 3, height: 2)] {
            let parts = Layout.split(r, .horizontal, [.fixed(20), .fill(2), .percent(50), .fill(1)], spacing: 1)
            #expect(parts.count == 4)
            for p in parts {
                #expect(p.width >= 0 && p.x >= r.x && p.maxX <= r.maxX)
            }
            #expect(parts.map(\.width).reduce(0, +) <= r.width)
        }
        #expect(Layout.split(Rect(x: 0, y: 0, width: 10, height: 1), .horizontal, []).isEmpty)
    }

    @Test func rectHelpers() {
        let r = Rect(x: 0, y: 0, width: 10, height: 4)
        #expect(r.splitLeft(3).left.width == 3 && r.splitLeft(3).right.x == 3)
        #expect(r.splitRight(3).right == Rect(x: 7, y: 0, width: 3, height: 4))
        #expect(r.splitTop(1).bottom == Rect(x: 0, y: 1, width: 10, height: 3))
        #expect(r.splitBottom(1).bottom == Rect(x: 0, y: 3, width: 10, height: 1))
        #expect(r.splitLeft(50).right.isEmpty)
        #expect(r.insetBy(dx: 1, dy: 1) == Rect(x: 1, y: 1, width: 8, height: 2))
        #expect(r.insetBy(dx: 9, dy: 9).isEmpty)
        #expect(r.centered(width: 4, height: 2) == Rect(x: 3, y: 1, width: 4, height: 2))
        #expect(r.centered(width: 40, height: 20) == r)
        #expect(r.row(4).isEmpty && r.row(2) == Rect(x: 0, y: 2, width: 10, height: 1))
        #expect(r.intersection(Rect(x: 8, y: 3, width: 5, height: 5)) == Rect(x: 8, y: 3, width: 2, height: 1))
        #expect(r.intersection(Rect(x: 20, y: 0, width: 5, height: 5)).isEmpty)
    }
}

@Suite struct ListViewportTests {
    @Test func keepsSelectionVisibleWithMinimalScrolling() {
        #expect(ListViewport.offset(keeping: 0, count: 100, height: 10, current: 0) == 0)
        #expect(ListViewport.offset(keeping: 9, count: 100, height: 10, current: 0) == 0)
        #expect(ListViewport.offset(keeping: 10, count: 100, height: 10, current: 0) == 1)
        #expect(ListViewport.offset(keeping: 50, count: 100, height: 10, current: 45) == 45)
        #expect(ListViewport.offset(keeping: 44, count: 100, height: 10, current: 45) == 44)
        #expect(ListViewport.offset(keeping: 99, count: 100, height: 10, current: 0) == 90)
        #expect(ListViewport.offset(keeping: nil, count: 100, height: 10, current: 500) == 90)
    }

    @Test func marginAndClamping() {
        #expect(ListViewport.offset(keeping: 8, count: 100, height: 10, current: 0, margin: 2) == 1)
        #expect(ListViewport.offset(keeping: 3, count: 100, height: 10, current: 5, margin: 3) == 0)
        #expect(ListViewport.offset(keeping: 99, count: 100, height: 10, current: 0, margin: 3) == 90)
        #expect(ListViewport.offset(keeping: 5, count: 3, height: 10, current: 7) == 0)
        #expect(ListViewport.offset(keeping: 5, count: 0, height: 10, current: 7) == 0)
        #expect(ListViewport.offset(keeping: 5, count: 10, height: 0, current: 7) == 0)
        #expect(ListViewport.visibleRange(offset: 95, count: 100, height: 10) == 90..<100)
        #expect(ListViewport.visibleRange(offset: 0, count: 3, height: 10) == 0..<3)
    }
}

@Suite struct WidgetTests {
    let rows = (0..<40).map { [Span("Person \($0)"), Span(" \($0 * 3)", style: Style(attributes: .dim))] }

    @Test func listViewRendersSelectionAndScrollbar() {
        let list = ListView(rows: rows, selected: 12, offset: 10)
        let b = render(Size(width: 12, height: 4)) { list.render(into: &$0, in: $1) }
        // 11 columns of text ("Person 10 30" is 12) and a scrollbar with its thumb at the top.
        #expect(trimmedRows(b) == ["Person 10 …█", "Person 11 …│", "Person 12 …│", "Person 13 …│"])
        #expect(b[0, 2].style.attributes.contains(.reverse))
        #expect(b[10, 2].style.attributes.contains(.reverse))   // the whole row
        #expect(!b[0, 1].style.attributes.contains(.reverse))
        #expect(list.index(at: Point(x: 3, y: 2), in: b.bounds) == 12)
        #expect(list.index(at: Point(x: 11, y: 2), in: b.bounds) == nil)
    }

    @Test func listViewWithoutScrollbarWhenAllFit() {
        let list = ListView(rows: Array(rows.prefix(2)), selected: nil)
        let b = render(Size(width: 12, height: 4)) { list.render(into: &$0, in: $1) }
        #expect(trimmedRows(b) == ["Person 0 0", "Person 1 3", "", ""])
        #expect(list.index(at: Point(x: 0, y: 3), in: b.bounds) == nil)
    }

    @Test func scrollbarThumb() {
        #expect(ListView.thumb(count: 100, height: 10, offset: 0) == 0..<1)
        #expect(ListView.thumb(count: 100, height: 10, offset: 90) == 9..<10)
        #expect(ListView.thumb(count: 20, height: 10, offset: 10) == 5..<10)
        #expect(ListView.thumb(count: 5, height: 10, offset: 0) == 0..<10)
    }

    @Test func tabBarRangesForHitTesting() {
        let bar = TabBar(tabs: [Tab("Chapters", count: 28), Tab("People", count: 163), Tab("Search")], active: 1)
        var ranges: [Range<Int>] = []
        let b = render(Size(width: 40, height: 1)) { ranges = bar.render(into: &$0, in: $1) }
        #expect(b.text(ofRow: 0) == " Chapters (28)  People (163)  Search    ")
        #expect(ranges == [0..<15, 15..<29, 29..<37])
        #expect(b[15, 0].style == bar.activeStyle && b[28, 0].style == bar.activeStyle)
        #expect(b[14, 0].style == .plain && b[29, 0].style == .plain)
        #expect(TabBar.tab(at: 20, in: ranges) == 1)
        #expect(TabBar.tab(at: 0, in: ranges) == 0)
        #expect(TabBar.tab(at: 39, in: ranges) == nil)
    }

    @Test func tabBarTruncatesWhenNarrow() {
        let bar = TabBar(tabs: [Tab("Chapters", count: 28), Tab("People", count: 163)], active: 0)
        var ranges: [Range<Int>] = []
        let b = render(Size(width: 20, height: 1)) { ranges = bar.render(into: &$0, in: $1) }
        #expect(b.text(ofRow: 0) == " Chapters (28)  Peo…")
        #expect(ranges == [0..<15, 15..<20])
    }

    @Test func frameWithTitle() {
        let b = render(Size(width: 12, height: 3)) { Frame(title: "People").render(into: &$0, in: $1) }
        #expect(trimmedRows(b) == ["┌ People ──┐", "│          │", "└──────────┘"])
        #expect(Frame.inner(of: b.bounds) == Rect(x: 1, y: 1, width: 10, height: 1))
        let narrow = render(Size(width: 6, height: 2)) { Frame(title: "Long title").render(into: &$0, in: $1) }
        #expect(trimmedRows(narrow) == ["┌ Lo…┐", "└────┘"])
    }

    @Test func overlayIsCenteredAndClearsBelow() {
        let overlay = Overlay(title: "Help", lines: [[Span("q  quit")], [Span("/  search")]])
        let b = render(Size(width: 20, height: 6)) { buffer, rect in
            buffer.fill(rect, with: Cell("x"))
            overlay.render(into: &buffer, in: rect)
        }
        #expect(trimmedRows(b) == [
            "xxxxxxxxxxxxxxxxxxxx",
            "xxx┌ Help ─────┐xxxx",
            "xxx│ q  quit   │xxxx",
            "xxx│ /  search │xxxx",
            "xxx└───────────┘xxxx",
            "xxxxxxxxxxxxxxxxxxxx",
        ])
        #expect(overlay.box(in: b.bounds) == Rect(x: 3, y: 1, width: 13, height: 4))
    }

    @Test func statusBarKeepsRightPart() {
        let bar = StatusBar(left: "Chapter 3/28: The 1905 Russian Revolution", right: "42%")
        let b = render(Size(width: 20, height: 1)) { bar.render(into: &$0, in: $1) }
        #expect(b.text(ofRow: 0) == "Chapter 3/28: T… 42%")
        #expect(b[5, 0].style == bar.style)
        let roomy = render(Size(width: 12, height: 1)) { StatusBar(left: "ok", right: "1/2").render(into: &$0, in: $1) }
        #expect(roomy.text(ofRow: 0) == "ok       1/2")
        let tight = render(Size(width: 3, height: 1)) { StatusBar(left: "left", right: "12345").render(into: &$0, in: $1) }
        #expect(tight.text(ofRow: 0) == "12…")
    }

    /// Every widget renders at 0x0, 1x1, 3 columns and other small sizes without trapping,
    /// and draws only inside its rect.
    @Test(arguments: sizes)
    func everyWidgetAtTinySizes(size: Size) {
        let inner = Rect(x: 1, y: 1, width: max(0, size.width - 2), height: max(0, size.height - 2))
        let widgets: [(inout ScreenBuffer, Rect) -> Void] = [
            { ListView(rows: rows, selected: 5, offset: 3).render(into: &$0, in: $1) },
            { ListView(rows: [], selected: 0).render(into: &$0, in: $1) },
            { _ = TabBar(tabs: [Tab("Chapters", count: 28), Tab("日本", count: 1)], active: 1).render(into: &$0, in: $1) },
            { _ = Frame(title: "People").render(into: &$0, in: $1) },
            { _ = Overlay(title: "Help", lines: [[Span("日本語 wide")], [Span("q quit")]]).render(into: &$0, in: $1) },
            { StatusBar(left: "Chapter 1/28 日本", right: "100%").render(into: &$0, in: $1) },
            { $0.putLine("日本語", in: $1) },
        ]
        for widget in widgets {
            for rect in [Rect(origin: Point(x: 0, y: 0), size: size), inner] {
                let b = render(size) { buffer, _ in
                    buffer.fill(buffer.bounds, with: Cell("#"))
                    widget(&buffer, rect)
                }
                for y in 0..<size.height {
                    for x in 0..<size.width where !rect.contains(Point(x: x, y: y)) {
                        #expect(b[x, y].grapheme == "#", "drew outside \(rect) at \(x),\(y)")
                    }
                }
            }
        }
    }

    @Test func widgetContentAtThreeColumns() {
        let list = render(Size(width: 3, height: 2)) { ListView(rows: rows, selected: 0).render(into: &$0, in: $1) }
        #expect(trimmedRows(list) == ["P…█", "P…│"])
        let frame = render(Size(width: 3, height: 3)) { Frame(title: "People").render(into: &$0, in: $1) }
        #expect(trimmedRows(frame) == ["┌…┐", "│ │", "└─┘"])
        let tabs = render(Size(width: 3, height: 1)) { _ = TabBar(tabs: [Tab("People")], active: 0).render(into: &$0, in: $1) }
        #expect(tabs.text(ofRow: 0) == " P…")
    }
}
