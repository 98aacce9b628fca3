import CNcursesw
import Testing
import TextUI
@testable import CursesBackend

/// Real ncurses, no terminal: `newterm("xterm-256color")` on /dev/null, draw, read the screen
/// back. ncurses is global state, so everything that opens a session lives in this one
/// serialized suite (and nothing here may call initscr, which would end the test runner).
@Suite("Headless rendering", .serialized)
struct HeadlessRenderingTests {
    private func open(colors: Bool = true) throws -> TerminalSession {
        try TerminalSession(mouse: false, colors: colors, device: .headless(term: "xterm-256color"))
    }

    /// The characters stored in the cell at x,y of the current screen.
    private func text(x: Int, y: Int) -> String {
        var buffer = [wchar_t](repeating: 0, count: 16)
        var attributes: attr_t = 0
        var pair: Int32 = 0
        let status = iskra_read_cell(iskra_stdscr(), Int32(y), Int32(x), &buffer, 16, &attributes, &pair)
        guard status == OK else { return "<ERR>" }
        let scalars = buffer.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
        return String(String.UnicodeScalarView(scalars))
    }

    private func attributesAndPair(x: Int, y: Int) -> (attr_t, Int32) {
        var buffer = [wchar_t](repeating: 0, count: 16)
        var attributes: attr_t = 0
        var pair: Int32 = 0
        _ = iskra_read_cell(iskra_stdscr(), Int32(y), Int32(x), &buffer, 16, &attributes, &pair)
        return (attributes, pair)
    }

    /// Puts `text` in row `y` from column `x`, one cell per Character plus a continuation
    /// cell after each of the wide ones listed.
    private func write(_ text: String, x: Int, y: Int, into frame: inout ScreenBuffer,
                       wide: Set<Character> = ["日", "本"], style: Style = .plain) {
        var column = x
        for character in text {
            frame[column, y] = Cell(String(character), style: style)
            column += 1
            if wide.contains(character) {
                frame[column, y] = Cell("", style: style)
                column += 1
            }
        }
    }

    @Test func asciiAccentsQuotesAndWideCharactersLandInTheirColumns() throws {
        let session = try open()
        defer { session.end() }
        #expect(session.unicodeLocale)
        var frame = ScreenBuffer(size: session.size)
        write("ab é’日本z", x: 0, y: 0, into: &frame)
        write("Trotsky’s café", x: 3, y: 2, into: &frame)
        session.draw(frame)

        let expected: [(Int, String)] = [(0, "a"), (1, "b"), (2, " "), (3, "é"), (4, "’"),
                                         (5, "日"), (7, "本"), (9, "z"), (10, " ")]
        for (x, character) in expected {
            #expect(text(x: x, y: 0) == character, "column \(x)")
        }
        #expect(text(x: 3, y: 2) == "T")
        #expect(text(x: 10, y: 2) == "’")
        #expect(text(x: 16, y: 2) == "é")
    }

    @Test func onlyChangedCellsAreDrawnUntilInvalidated() throws {
        let session = try open()
        defer { session.end() }
        var frame = ScreenBuffer(size: session.size)
        write("hello", x: 0, y: 0, into: &frame)
        session.draw(frame)

        // Scribble behind the session's back on a cell the next frame does not change.
        mvwaddstr(iskra_stdscr(), 1, 0, "X")
        write("J", x: 0, y: 0, into: &frame)
        session.draw(frame)
        #expect(text(x: 0, y: 0) == "J")
        #expect(text(x: 1, y: 0) == "e")
        #expect(text(x: 0, y: 1) == "X") // untouched: only the changed run was drawn

        session.invalidate()
        session.draw(frame)
        #expect(text(x: 0, y: 1) == " ") // a full redraw repaints every cell
        #expect(text(x: 0, y: 0) == "J")
    }

    @Test func wideCharacterReplacedByNarrowOnesAndBack() throws {
        let session = try open()
        defer { session.end() }
        var frame = ScreenBuffer(size: session.size)
        write("日x", x: 4, y: 0, into: &frame)
        session.draw(frame)
        #expect(text(x: 4, y: 0) == "日")
        #expect(text(x: 6, y: 0) == "x")

        write("ab", x: 4, y: 0, into: &frame)
        session.draw(frame)
        #expect(text(x: 4, y: 0) == "a")
        #expect(text(x: 5, y: 0) == "b")
        #expect(text(x: 6, y: 0) == "x")

        write("本", x: 4, y: 0, into: &frame)
        session.draw(frame)
        #expect(text(x: 4, y: 0) == "本")
        #expect(text(x: 6, y: 0) == "x")
    }

    @Test func controlCharactersNeverReachTheTerminal() throws {
        let session = try open()
        defer { session.end() }
        var frame = ScreenBuffer(size: session.size)
        frame[0, 0] = Cell("\u{07}")
        frame[1, 0] = Cell("\u{1B}")
        frame[2, 0] = Cell("\u{7F}")
        frame[3, 0] = Cell("\u{85}")
        frame[4, 0] = Cell("\n")
        frame[5, 0] = Cell("ok")  // more than one Character: first spacing character wins
        session.draw(frame)
        for x in 0..<5 { #expect(text(x: x, y: 0) == "?", "column \(x)") }
        #expect(text(x: 5, y: 0) == "o")
        #expect(text(x: 6, y: 0) == " ")
    }

    @Test func combiningMarksStayWithTheirBase() throws {
        let session = try open()
        defer { session.end() }
        var frame = ScreenBuffer(size: session.size)
        frame[0, 0] = Cell("e\u{301}")
        frame[1, 0] = Cell("x")
        frame[2, 0] = Cell("\u{301}")  // a lone mark is put on a space, not on the x before it
        session.draw(frame)
        #expect(text(x: 0, y: 0) == "e\u{301}")
        #expect(text(x: 1, y: 0) == "x")
        #expect(text(x: 2, y: 0) == " \u{301}")
    }

    @Test func joinersAndOtherFormatCharactersAreNeverSent() throws {
        let session = try open()
        defer { session.end() }
        var frame = ScreenBuffer(size: session.size)
        // A ZWJ family is one wide cell: its first emoji, no joiner left to glue on the next cell.
        frame[0, 0] = Cell("👨\u{200D}👩\u{200D}👧")
        frame[1, 0] = Cell("")
        frame[2, 0] = Cell("K")
        frame[3, 0] = Cell(" \u{200D}")     // a joiner kept after a space
        frame[4, 0] = Cell("\u{200B}")      // a zero-width space alone
        frame[5, 0] = Cell("❤\u{FE0F}")     // a variation selector is not a format character
        frame[6, 0] = Cell("")
        session.draw(frame)
        #expect(text(x: 0, y: 0) == "👨")
        #expect(text(x: 2, y: 0) == "K")
        #expect(text(x: 3, y: 0) == " ")
        #expect(text(x: 4, y: 0) == " ")
        #expect(text(x: 5, y: 0).unicodeScalars.contains("\u{FE0F}"))
        for x in 0..<8 { #expect(!text(x: x, y: 0).unicodeScalars.contains { $0.properties.generalCategory == .format }) }
        // A flag is two regional indicators in one wide slot: the first is drawn, a narrow
        // glyph, and the slot's second column is a blank, so the columns after it stay put.
        var flags = ScreenBuffer(size: session.size)
        flags[0, 1] = Cell("🇷🇺")
        flags[1, 1] = Cell("")
        flags[2, 1] = Cell("x")
        session.draw(flags)
        #expect(text(x: 0, y: 1) == "🇷")
        #expect(text(x: 1, y: 1) == " ")
        #expect(text(x: 2, y: 1) == "x")
    }

    @Test func wideCharacterWithoutRoomBecomesAQuestionMark() throws {
        let session = try open()
        defer { session.end() }
        var frame = ScreenBuffer(size: session.size)
        frame[0, 0] = Cell("日")   // no continuation cell after it: only one column to fill
        frame[1, 0] = Cell("x")
        let last = session.size.width - 1
        frame[last, 1] = Cell("本")
        session.draw(frame)
        #expect(text(x: 0, y: 0) == "?")
        #expect(text(x: 1, y: 0) == "x")
        #expect(text(x: last, y: 1) == "?")
        #expect(text(x: 0, y: 2) == " ") // nothing wrapped onto the next row
    }

    @Test func bottomRightCellIsDrawnWithoutScrolling() throws {
        let session = try open()
        defer { session.end() }
        let size = session.size
        var frame = ScreenBuffer(size: size)
        write("top", x: 0, y: 0, into: &frame)
        for x in 0..<size.width { frame[x, size.height - 1] = Cell("-") }
        frame[size.width - 1, size.height - 1] = Cell("Z")
        frame[size.width - 3, size.height - 2] = Cell("日")
        frame[size.width - 2, size.height - 2] = Cell("")
        frame[size.width - 1, size.height - 2] = Cell("|")
        session.draw(frame)
        #expect(text(x: 0, y: 0) == "t")           // row 0 did not scroll away
        #expect(text(x: size.width - 1, y: size.height - 1) == "Z")
        #expect(text(x: size.width - 2, y: size.height - 1) == "-")
        #expect(text(x: size.width - 3, y: size.height - 2) == "日")
        #expect(text(x: size.width - 1, y: size.height - 2) == "|")

        // A wide character ending in the bottom-right cell.
        frame[size.width - 2, size.height - 1] = Cell("本")
        frame[size.width - 1, size.height - 1] = Cell("")
        session.draw(frame)
        #expect(text(x: size.width - 2, y: size.height - 1) == "本")
        #expect(text(x: size.width - 3, y: size.height - 1) == "-")
        #expect(text(x: 0, y: 0) == "t")
    }

    @Test func framesLargerThanTheScreenAreClipped() throws {
        let session = try open()
        defer { session.end() }
        let size = session.size
        var frame = ScreenBuffer(size: Size(width: size.width + 5, height: size.height + 2))
        for y in 0..<frame.size.height {
            for x in 0..<frame.size.width { frame[x, y] = Cell("#") }
        }
        session.draw(frame)
        #expect(text(x: 0, y: 0) == "#")
        #expect(text(x: size.width - 1, y: size.height - 1) == "#")
    }

    @Test func stylesBecomeAttributesAndColourPairs() throws {
        let session = try open()
        defer { session.end() }
        #expect(session.colorCapability == .palette256)
        var frame = ScreenBuffer(size: session.size)
        frame[0, 0] = Cell("b", style: Style(attributes: [.bold, .underline]))
        frame[1, 0] = Cell("r", style: Style(foreground: .palette(208), background: .blue))
        frame[2, 0] = Cell("d")
        frame[3, 0] = Cell("s", style: Style(foreground: .palette(208), background: .blue))
        session.draw(frame)

        let (bold, boldPair) = attributesAndPair(x: 0, y: 0)
        #expect(bold & iskra_wa_bold() != 0)
        #expect(bold & iskra_wa_underline() != 0)
        #expect(bold & iskra_wa_reverse() == 0)
        #expect(boldPair == 0)

        let (_, pair) = attributesAndPair(x: 1, y: 0)
        #expect(pair > 0)
        var foreground: Int32 = 0, background: Int32 = 0
        extended_pair_content(pair, &foreground, &background)
        #expect(foreground == 208)
        #expect(background == 4)
        #expect(attributesAndPair(x: 2, y: 0).1 == 0)
        #expect(attributesAndPair(x: 3, y: 0).1 == pair) // cached, same pair
    }

    @Test func monochromeKeepsAttributesButNoColours() throws {
        let session = try open(colors: false)
        defer { session.end() }
        #expect(session.colorCapability == .monochrome)
        var frame = ScreenBuffer(size: session.size)
        frame[0, 0] = Cell("r", style: Style(foreground: .red, attributes: [.reverse]))
        session.draw(frame)
        let (attributes, pair) = attributesAndPair(x: 0, y: 0)
        #expect(attributes & iskra_wa_reverse() != 0)
        #expect(pair == 0)
    }

    @Test func resizeArrivesAsAnEventAndTheNextFrameIsDrawnWhole() throws {
        let session = try open()
        defer { session.end() }
        var frame = ScreenBuffer(size: session.size)
        write("before", x: 0, y: 0, into: &frame)
        session.draw(frame)

        // resizeterm is what ncurses' own SIGWINCH handling calls; it queues KEY_RESIZE.
        #expect(resizeterm(10, 40) == OK)
        #expect(session.nextEvent(timeoutMilliseconds: 0) == .resize(Size(width: 40, height: 10)))
        #expect(session.size == Size(width: 40, height: 10))

        mvwaddstr(iskra_stdscr(), 5, 5, "X") // stale content a full redraw must clear
        var small = ScreenBuffer(size: session.size)
        write("after", x: 0, y: 0, into: &small)
        small[39, 9] = Cell("Z")
        session.draw(small)
        #expect(text(x: 0, y: 0) == "a")
        #expect(text(x: 5, y: 0) == " ")
        #expect(text(x: 5, y: 5) == " ")
        #expect(text(x: 39, y: 9) == "Z")
    }

    @Test func endIsIdempotentAndTheSessionCanBeReopened() throws {
        let session = try open()
        #expect(session.isActive)
        session.end()
        session.end()
        #expect(!session.isActive)
        #expect(session.size == Size(width: 0, height: 0))
        #expect(session.nextEvent(timeoutMilliseconds: 0) == nil)
        session.draw(ScreenBuffer(size: Size(width: 3, height: 3))) // a no-op, not a crash

        let again = try open()
        defer { again.end() }
        #expect(again.isActive)
        #expect(again.size.width > 0)
    }

    @Test func unknownTerminalTypeThrowsInsteadOfExiting() {
        #expect(throws: TerminalSessionError.cannotOpenTerminal(term: "no-such-terminal-xyz")) {
            _ = try TerminalSession(mouse: false, colors: true,
                                    device: .headless(term: "no-such-terminal-xyz"))
        }
    }
}
