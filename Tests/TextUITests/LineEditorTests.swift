import Testing
@testable import TextUI

@Suite("Line editor")
struct LineEditorTests {
    func typed(_ line: inout LineEditor, _ text: String) { for character in text { line.apply(.character(character)) } }

    @Test func readlineKeysAtTheCursor() {
        var line = LineEditor()
        typed(&line, "kron sailors")
        line.apply(.home)
        #expect(line.cursor == 0)
        for _ in 0..<4 { line.apply(.right) }
        typed(&line, "stadt")
        #expect(line.text == "kronstadt sailors" && line.cursor == 9)
        line.apply(.control("k"))
        #expect(line.text == "kronstadt" && line.cursor == nil)
        typed(&line, " 1921 march")
        line.apply(.control("w"))
        #expect(line.text == "kronstadt 1921 ")
        line.apply(.alt(.backspace))
        #expect(line.text == "kronstadt ")
        line.apply(.left)
        line.apply(.control("u"))
        #expect(line.text == " " && line.cursor == 0)
        line.apply(.delete)
        #expect(line.text.isEmpty)
        // Delete at the end works as Backspace, as many terminals send it.
        typed(&line, "ab")
        line.apply(.delete)
        #expect(line.text == "a")
    }

    @Test func controlsNeverGetInAndTheLimitHolds() {
        var line = LineEditor(limit: 5)
        typed(&line, "ab\u{1B}c\u{9B}")
        #expect(line.text == "abc")
        typed(&line, "de")
        #expect(line.apply(.character("f")) == false && line.text == "abcde")
        line.set("")
        #expect(line.insert("123456789") == false && line.text == "12345")
        line.apply(.home)
        line.set("xy")
        #expect(line.cursor == nil)
    }

    @Test func theCursorStaysInViewAtAnyWidth() {
        var line = LineEditor()
        typed(&line, String(repeating: "word ", count: 30))
        for _ in 0..<70 { line.apply(.left) }
        for width in [2, 5, 12, 40, 200] {
            let (before, after) = line.visible(width: width)
            #expect(DisplayWidth.of(before) + DisplayWidth.of(after) <= max(2, width))
            #expect(!before.isEmpty || line.cursor == 0)
        }
        // Controls show visibly: a set line could hold one.
        let shown = LineEditor("a\u{1B}b").visible(width: 20)
        #expect(shown.before == "a^[b")
    }

    @Test func linesCompareByTextAndCursorNotLimit() {
        #expect(LineEditor("abc", limit: 10) == "abc")
        var moved = LineEditor("abc")
        moved.apply(.left)
        #expect(moved != "abc")
    }
}

@Suite("Golden snapshots")
struct SnapshotLetterTests {
    func legend(_ buffer: ScreenBuffer) -> [String] {
        Array(buffer.snapshot().components(separatedBy: "legend\n")[1].split(separator: "\n").map(String.init))
    }

    @Test func aNewStyleLeavesTheOthersLettersAlone() {
        var before = ScreenBuffer(size: Size(width: 10, height: 2))
        before[1, 0] = Cell("a", style: Style(foreground: .red))
        before[2, 1] = Cell("b", style: Style(attributes: .bold))
        var after = before
        // A style that appears before both of them in reading order.
        after[0, 0] = Cell("c", style: Style(foreground: .cyan, attributes: .underline))
        let old = Set(legend(before)), new = Set(legend(after))
        #expect(old.isSubset(of: new))
        #expect(new.count == old.count + 1)
    }
}
