@testable import TextUI
import Testing

private let red = Style(foreground: .red)
private let bold = Style(attributes: .bold)

/// Row `y` with trailing spaces trimmed.
private func row(_ buffer: ScreenBuffer, _ y: Int) -> String {
    var s = buffer.text(ofRow: y)
    while s.last == " " { s.removeLast() }
    return s
}

@Suite struct DrawingTests {
    @Test func putReturnsColumnsUsed() {
        var b = ScreenBuffer(size: Size(width: 10, height: 2))
        #expect(b.put("Lenin", at: Point(x: 1, y: 0), style: red) == 5)
        #expect(row(b, 0) == " Lenin")
        #expect(b[1, 0].style == red && b[0, 0].style == .plain)
        #expect(b.put("日本", at: Point(x: 0, y: 1)) == 4)
        #expect(b[0, 1].grapheme == "日" && b[1, 1].isContinuation && b[2, 1].grapheme == "本")
    }

    @Test func clipsSilently() {
        var b = ScreenBuffer(size: Size(width: 5, height: 1))
        #expect(b.put("Trotsky", at: Point(x: 2, y: 0)) == 3)
        #expect(row(b, 0) == "  Tro")
        #expect(b.put("x", at: Point(x: 0, y: 5)) == 0)
        #expect(b.put("x", at: Point(x: 9, y: 0)) == 0)
        #expect(b.put("abcdef", at: Point(x: -3, y: 0)) == 6)   // "def" visible at 0..<3
        #expect(row(b, 0) == "defro")
        var empty = ScreenBuffer(size: Size(width: 0, height: 0))
        #expect(empty.put("abc", at: Point(x: 0, y: 0)) == 0)
        empty.fill(Rect(x: -5, y: -5, width: 50, height: 50), with: Cell("x"))
        #expect(empty.cells.isEmpty)
    }

    @Test func clipRectLimitsDrawing() {
        var b = ScreenBuffer(size: Size(width: 10, height: 1))
        let used = b.put("abcdefgh", at: Point(x: 0, y: 0), clip: Rect(x: 2, y: 0, width: 3, height: 1))
        #expect(used == 5)
        #expect(row(b, 0) == "  cde")
    }

    @Test func wideCharacterAtClipEdgeBecomesBlank() {
        var b = ScreenBuffer(size: Size(width: 5, height: 1))
        b.fill(b.bounds, with: Cell("."))
        #expect(b.put("ab日", at: Point(x: 2, y: 0)) == 3)
        #expect(b.text(ofRow: 0) == "..ab ")
        #expect(b.cells.allSatisfy { !$0.isContinuation })
        // Left edge: the right half would be inside the clip; it is blanked too.
        var c = ScreenBuffer(size: Size(width: 4, height: 1))
        c.fill(c.bounds, with: Cell("."))
        c.put("日本", at: Point(x: 0, y: 0), clip: Rect(x: 1, y: 0, width: 3, height: 1))
        #expect(c.text(ofRow: 0) == ". 本")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var b = ScreenBuffer(size: Size(width: 6, height: 1))
        b.put("日本語", at: Point(x: 0, y: 0))
        b.put("x", at: Point(x: 1, y: 0))      // right half of 日
        #expect(b.text(ofRow: 0) == " x本語")
        b.put("y", at: Point(x: 2, y: 0))      // left half of 本
        #expect(b.text(ofRow: 0) == " xy 語")
        b.fill(Rect(x: 5, y: 0, width: 1, height: 1), with: Cell("z"))   // right half of 語
        #expect(b.text(ofRow: 0) == " xy  z")
        #expect(b.cells.allSatisfy { !$0.isContinuation })
    }

    @Test func combiningMarksJoinThePreviousCell() {
        var b = ScreenBuffer(size: Size(width: 5, height: 1))
        #expect(b.put("e\u{301}x", at: Point(x: 0, y: 0)) == 2)
        #expect(b[0, 0].grapheme == "e\u{301}")
        #expect(b[1, 0].grapheme == "x")
        // A mark in a separate span (a highlight that starts mid-cluster) joins too.
        var c = ScreenBuffer(size: Size(width: 5, height: 1))
        c.put(spans: [Span("e"), Span("\u{301}", style: red), Span("t")], at: Point(x: 0, y: 0))
        #expect(c[0, 0].grapheme == "e\u{301}" && c[1, 0].grapheme == "t")
        // After a wide character it joins the wide character, not its continuation.
        var d = ScreenBuffer(size: Size(width: 5, height: 1))
        d.put("日\u{308}", at: Point(x: 0, y: 0))
        #expect(d[0, 0].grapheme == "日\u{308}" && d[1, 0].isContinuation)
    }

    /// Clicks are mapped back to text through `scalarOffset(ofColumn:in:)`: it must agree with
    /// where `put` drew each character (combining marks, wide characters, controls).
    @Test func columnsMapBackToTheScalarsDrawnThere() {
        let text = "a\u{301}b中\u{1B}c é"
        var b = ScreenBuffer(size: Size(width: 12, height: 1))
        let used = b.put(text, at: Point(x: 0, y: 0))
        let scalars = Array(text.unicodeScalars)
        let expected: [Int?] = [0, 2, 3, 3, 4, 4, 5, 6, 7, nil, nil, nil]
        #expect((0 ..< 12).map { ScreenBuffer.scalarOffset(ofColumn: $0, in: text) } == expected)
        #expect(used == 9 && ScreenBuffer.scalarOffset(ofColumn: used, in: text) == nil)
        // The cell drawn at each column starts with the character found there (a control shows
        // its visible form, ^[).
        for x in 0 ..< used where !b[x, 0].isContinuation {
            let offset = ScreenBuffer.scalarOffset(ofColumn: x, in: text)!
            let drawn = b[x, 0].grapheme.unicodeScalars.first!
            #expect(drawn == scalars[offset] || (scalars[offset] == "\u{1B}" && (drawn == "^" || drawn == "[")), "column \(x)")
        }
        #expect(ScreenBuffer.scalarOffset(ofColumn: -1, in: text) == nil)
    }

    @Test func controlCharactersAreDrawnVisibly() {
        var b = ScreenBuffer(size: Size(width: 12, height: 1))
        #expect(b.put("a\u{1B}[2Jb\u{7F}", at: Point(x: 0, y: 0)) == 9)
        #expect(b.text(ofRow: 0) == "a^[[2Jb^?   ")
        #expect(b.cells.allSatisfy { cell in !cell.grapheme.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        var c = ScreenBuffer(size: Size(width: 4, height: 1))
        c.fill(c.bounds, with: Cell("\u{1B}"))   // fill never stores a control either
        #expect(c.text(ofRow: 0) == "    ")
    }

    @Test func spansAndLines() {
        var b = ScreenBuffer(size: Size(width: 10, height: 3))
        #expect(b.put(spans: [Span("Leon ", style: bold), Span("Trotsky", style: red)], at: Point(x: 0, y: 0)) == 10)
        #expect(row(b, 0) == "Leon Trots")
        b.putLine(spans: [Span("Leon ", style: bold), Span("Trotsky", style: red)], in: b.bounds.row(1), fill: red)
        #expect(row(b, 1) == "Leon Trot…")
        #expect(b[9, 1].style == red)
        b.putLine("end", in: b.bounds.row(2), style: bold, alignment: .trailing)
        #expect(b.text(ofRow: 2) == "       end")
        #expect(b[0, 2].style == bold)
    }

    @Test func truncateAndPad() {
        #expect(VisibleText.truncate("Trotsky", toWidth: 7) == "Trotsky")
        #expect(VisibleText.truncate("Trotsky", toWidth: 5) == "Trot…")
        #expect(VisibleText.truncate("Trotsky", toWidth: 1) == "…")
        #expect(VisibleText.truncate("Trotsky", toWidth: 0) == "")
        #expect(VisibleText.truncate("日本語", toWidth: 4) == "日…")
        #expect(VisibleText.truncate("cafe\u{301}s", toWidth: 4) == "caf…")
        #expect(VisibleText.truncateLeading("Trotsky", toWidth: 7) == "Trotsky")
        #expect(VisibleText.truncateLeading("Trotsky", toWidth: 5) == "…tsky")
        #expect(VisibleText.truncateLeading("日本語", toWidth: 4) == "…語")
        #expect(VisibleText.truncateLeading("Trotsky", toWidth: 0) == "")
        #expect(VisibleText.pad("ab", toWidth: 5) == "ab   ")
        #expect(VisibleText.pad("ab", toWidth: 5, alignment: .trailing) == "   ab")
        #expect(VisibleText.pad("ab", toWidth: 5, alignment: .center) == " ab  ")
        #expect(VisibleText.pad("abcdef", toWidth: 3) == "ab…")
        #expect(Span.truncate([Span("ab"), Span("cd", style: red)], toWidth: 3) == [Span("ab"), Span("…", style: red)])
        #expect(Span.truncate([Span("ab"), Span("cd", style: red)], toWidth: 4) == [Span("ab"), Span("cd", style: red)])
        #expect(Span.truncate([Span("abc")], toWidth: 0) == [])
    }

    @Test func styleOverlays() {
        var b = ScreenBuffer(size: Size(width: 6, height: 1))
        b.put("abcdef", at: Point(x: 0, y: 0), style: red)
        b.apply(StylePatch(background: .blue, adding: .bold), in: Rect(x: 1, y: 0, width: 2, height: 5))
        #expect(b[0, 0].style == red)
        #expect(b[1, 0].style == Style(foreground: .red, background: .blue, attributes: .bold))
        #expect(b[3, 0].style == red)
        b.setStyle(.plain, in: Rect(x: 2, y: 0, width: 100, height: 1))
        #expect(b[2, 0].style == .plain && b[5, 0].style == .plain && b[1, 0].style != .plain)
        #expect(b.text(ofRow: 0) == "abcdef")
        #expect(StylePatch(removing: .bold).applied(to: bold) == .plain)
    }

    @Test func changedRunsAfterDrawing() {
        var a = ScreenBuffer(size: Size(width: 8, height: 2))
        a.put("Stalin", at: Point(x: 0, y: 0))
        var b = a
        b.put("Trotsky", at: Point(x: 0, y: 1))
        b.put("x", at: Point(x: 7, y: 0))
        let runs = b.changedRuns(since: a)
        #expect(runs.map { [$0.x, $0.y, $0.cells.count] } == [[7, 0, 1], [0, 1, 7]])
        #expect(runs[1].cells.map(\.grapheme).joined() == "Trotsky")
        #expect(b.changedRuns(since: b).isEmpty)
        #expect(b.changedRuns(since: nil).count == 2)          // everything, one run per row
        #expect(b.changedRuns(since: ScreenBuffer(size: Size(width: 3, height: 3))).count == 2)
        var c = b
        c.apply(StylePatch(adding: .bold), in: Rect(x: 2, y: 1, width: 2, height: 1))
        #expect(c.changedRuns(since: b).map { [$0.x, $0.y, $0.cells.count] } == [[2, 1, 2]])
    }
}

@Suite struct SnapshotTests {
    @Test func format() {
        var b = ScreenBuffer(size: Size(width: 8, height: 3))
        b.put("Lev ", at: Point(x: 0, y: 0))
        b.put("Trotsky", at: Point(x: 4, y: 0), style: Style(foreground: .red, attributes: [.bold, .underline]))
        b.put("日本", at: Point(x: 1, y: 2), style: Style(background: .palette(17)))
        // Each style's letter comes from its description.
        let a = Snapshot.letter(for: "fg=red bold underline", taken: [])
        let p = Snapshot.letter(for: "bg=palette17", taken: [a])
        #expect(b.snapshot() == """
            screen 8x3
            Lev Trot

             日本
            style
            ....\(String(repeating: a, count: 4))

            .\(String(repeating: p, count: 4))
            legend
            \(a): fg=red bold underline
            \(p): bg=palette17

            """)
    }

    @Test func theLegendIsInOrderOfFirstAppearance() {
        var b = ScreenBuffer(size: Size(width: 3, height: 2))
        b.put("x", at: Point(x: 2, y: 0), style: Style(foreground: .green))
        b.put("y", at: Point(x: 0, y: 1), style: Style(attributes: .reverse))
        b.put("z", at: Point(x: 1, y: 1), style: Style(foreground: .green))
        let g = Snapshot.letter(for: "fg=green", taken: [])
        let r = Snapshot.letter(for: "reverse", taken: [g])
        #expect(b.snapshot().contains("style\n..\(g)\n\(r)\(g)\nlegend\n\(g): fg=green\n\(r): reverse\n"))
    }

    @Test func deterministicAndSensitiveToStyle() {
        var a = ScreenBuffer(size: Size(width: 4, height: 1))
        a.put("ab", at: Point(x: 0, y: 0))
        var b = a
        #expect(a.snapshot() == b.snapshot())
        b.apply(StylePatch(adding: .dim), in: Rect(x: 1, y: 0, width: 1, height: 1))
        #expect(a.snapshot() != b.snapshot())
        #expect(ScreenBuffer(size: Size(width: 0, height: 0)).snapshot() == "screen 0x0\nstyle\nlegend\n")
    }

    @Test func manyStylesGetDistinctLetters() {
        var b = ScreenBuffer(size: Size(width: 70, height: 1))
        for x in 0..<70 { b.put("x", at: Point(x: x, y: 0), style: Style(foreground: .palette(UInt8(x)))) }
        let styleRow = b.snapshot().split(separator: "\n")[3]
        #expect(Set(styleRow).count == 70)
    }
}
