import Testing
import TextUI
@testable import CursesBackend

/// The escape decoder against what each terminal family sends (as documented by xterm's
/// ctlseqs, tmux, screen, rxvt-unicode, the Linux console's keymap and PuTTY's defaults).
@Suite("Escape sequence decoding")
struct EscapeDecoderTests {
    typealias Token = EscapeDecoder.Token

    private static func keys(_ keys: Key...) -> [Token] { keys.map(Token.key) }

    /// (terminal family, what the key sends, what it should mean).
    static let table: [(String, String, Key)] = [
        // xterm, normal cursor mode (and tmux or screen passing it on).
        ("xterm", "\u{1B}[A", .up), ("xterm", "\u{1B}[B", .down),
        ("xterm", "\u{1B}[C", .right), ("xterm", "\u{1B}[D", .left),
        ("xterm", "\u{1B}[H", .home), ("xterm", "\u{1B}[F", .end),
        ("xterm", "\u{1B}[2~", .insert), ("xterm", "\u{1B}[3~", .delete),
        ("xterm", "\u{1B}[5~", .pageUp), ("xterm", "\u{1B}[6~", .pageDown),
        ("xterm", "\u{1B}OP", .function(1)), ("xterm", "\u{1B}OQ", .function(2)),
        ("xterm", "\u{1B}OR", .function(3)), ("xterm", "\u{1B}OS", .function(4)),
        ("xterm", "\u{1B}[15~", .function(5)), ("xterm", "\u{1B}[17~", .function(6)),
        ("xterm", "\u{1B}[18~", .function(7)), ("xterm", "\u{1B}[19~", .function(8)),
        ("xterm", "\u{1B}[20~", .function(9)), ("xterm", "\u{1B}[21~", .function(10)),
        ("xterm", "\u{1B}[23~", .function(11)), ("xterm", "\u{1B}[24~", .function(12)),
        ("xterm", "\u{1B}[Z", .backTab),
        // xterm with modifiers: the key itself.
        ("xterm", "\u{1B}[1;5A", .up), ("xterm", "\u{1B}[1;2B", .down), ("xterm", "\u{1B}[1;3C", .right),
        ("xterm", "\u{1B}[1;6D", .left), ("xterm", "\u{1B}[1;5H", .home), ("xterm", "\u{1B}[1;2F", .end),
        ("xterm", "\u{1B}[3;5~", .delete), ("xterm", "\u{1B}[2;2~", .insert), ("xterm", "\u{1B}[6;5~", .pageDown),
        ("xterm", "\u{1B}[1;2P", .function(1)), ("xterm", "\u{1B}[1;5S", .function(4)),
        ("xterm", "\u{1B}[15;2~", .function(5)), ("xterm", "\u{1B}[1;5:1A", .up),
        // xterm, application cursor and keypad modes.
        ("xterm app", "\u{1B}OA", .up), ("xterm app", "\u{1B}OB", .down),
        ("xterm app", "\u{1B}OC", .right), ("xterm app", "\u{1B}OD", .left),
        ("xterm app", "\u{1B}OH", .home), ("xterm app", "\u{1B}OF", .end),
        ("xterm app", "\u{1B}OM", .enter), ("xterm app", "\u{1B}Op", .character("0")),
        ("xterm app", "\u{1B}Ot", .character("4")), ("xterm app", "\u{1B}Oy", .character("9")),
        ("xterm app", "\u{1B}Ok", .character("+")), ("xterm app", "\u{1B}Om", .character("-")),
        ("xterm app", "\u{1B}Oj", .character("*")), ("xterm app", "\u{1B}Oo", .character("/")),
        ("xterm app", "\u{1B}On", .character(".")), ("xterm app", "\u{1B}OX", .character("=")),
        // Old xterm and some emulators: a modifier inside SS3.
        ("old xterm", "\u{1B}O5A", .up), ("old xterm", "\u{1B}O2P", .function(1)),
        // xterm modifyOtherKeys and CSI u (kitty, tmux extended keys).
        ("modifyOtherKeys", "\u{1B}[27;5;105~", .control("i")),
        ("modifyOtherKeys", "\u{1B}[27;3;98~", .alt(.character("b"))),
        ("modifyOtherKeys", "\u{1B}[27;2;97~", .character("A")),
        ("CSI u", "\u{1B}[97;5u", .control("a")), ("CSI u", "\u{1B}[102;3u", .alt(.character("f"))),
        ("CSI u", "\u{1B}[127;3u", .alt(.backspace)), ("CSI u", "\u{1B}[13u", .enter),
        ("CSI u", "\u{1B}[27u", .escape), ("CSI u", "\u{1B}[9;2u", .backTab),
        // tmux and screen (TERM=screen*, tmux*), the Linux console and PuTTY's default.
        ("tmux", "\u{1B}[1~", .home), ("tmux", "\u{1B}[4~", .end),
        ("screen", "\u{1B}[1~", .home), ("screen", "\u{1B}[4~", .end),
        ("linux", "\u{1B}[1~", .home), ("linux", "\u{1B}[4~", .end),
        ("linux", "\u{1B}[[A", .function(1)), ("linux", "\u{1B}[[B", .function(2)),
        ("linux", "\u{1B}[[C", .function(3)), ("linux", "\u{1B}[[D", .function(4)),
        ("linux", "\u{1B}[[E", .function(5)), ("linux", "\u{1B}[25~", .function(13)),
        ("putty", "\u{1B}[1~", .home), ("putty", "\u{1B}[4~", .end),
        ("putty", "\u{1B}[11~", .function(1)), ("putty", "\u{1B}[14~", .function(4)),
        ("putty", "\u{1B}OA", .up), ("putty", "\u{1B}[A", .up),
        // rxvt and urxvt.
        ("rxvt", "\u{1B}[7~", .home), ("rxvt", "\u{1B}[8~", .end),
        ("rxvt", "\u{1B}[7$", .home), ("rxvt", "\u{1B}[8^", .end), ("rxvt", "\u{1B}[7@", .home),
        ("rxvt", "\u{1B}[2$", .insert), ("rxvt", "\u{1B}[3^", .delete),
        ("rxvt", "\u{1B}[5$", .pageUp), ("rxvt", "\u{1B}[6^", .pageDown),
        ("rxvt", "\u{1B}[a", .up), ("rxvt", "\u{1B}[b", .down), ("rxvt", "\u{1B}[c", .right), ("rxvt", "\u{1B}[d", .left),
        ("rxvt", "\u{1B}Oa", .up), ("rxvt", "\u{1B}Od", .left),
        ("rxvt", "\u{1B}[11~", .function(1)), ("rxvt", "\u{1B}[23$", .function(11)), ("rxvt", "\u{1B}[11^", .function(1)),
        ("rxvt", "\u{1B}\u{1B}[A", .up), ("rxvt", "\u{1B}\u{1B}OH", .home),
        // Alt (Meta sends Esc) with characters, Backspace (DEL or Ctrl-H), Enter, Tab, Ctrl.
        ("alt", "\u{1B}b", .alt(.character("b"))), ("alt", "\u{1B}F", .alt(.character("F"))),
        ("alt", "\u{1B}1", .alt(.character("1"))), ("alt", "\u{1B}é", .alt(.character("é"))),
        ("alt", "\u{1B}\u{7F}", .alt(.backspace)), ("alt", "\u{1B}\u{08}", .alt(.backspace)),
        ("alt", "\u{1B}\r", .alt(.enter)), ("alt", "\u{1B}\t", .alt(.tab)),
        ("alt", "\u{1B}\u{17}", .alt(.control("w"))), ("alt", "\u{1B} ", .alt(.character(" "))),
    ]

    @Test func everyTerminalFamilysKeys() {
        for (family, sequence, key) in Self.table {
            #expect(EscapeDecoder.decode(sequence) == Self.keys(key),
                    "\(family): \(sequence.debugDescription)")
            // The same sequence twice, then a letter: each whole, nothing left over.
            #expect(EscapeDecoder.decode(sequence + sequence + "j") == Self.keys(key, key, .character("j")),
                    "\(family): \(sequence.debugDescription) twice")
        }
    }

    @Test(arguments: [
        "\u{1B}[99;9z",                 // an unknown CSI
        "\u{1B}[I", "\u{1B}[O",         // focus in and out
        "\u{1B}[E", "\u{1B}[G", "\u{1B}OE", // keypad 5
        "\u{1B}[<0;10;5M", "\u{1B}[<64;3;4m", // SGR mouse
        "\u{1B}[M !!", "\u{1B}[Mé#$",   // X10 mouse: three bytes of any value
        "\u{1B}[32;10;5M",              // urxvt mouse
        "\u{1B}[?1;2c", "\u{1B}[>0;95;0c", // device attributes
        "\u{1B}[?2004;1$y",             // a mode report, `$` after a private marker
        "\u{1B}[12;40R",                // a cursor position report (not F3)
        "\u{1B}[1 q", "\u{1B}[61\"p",   // intermediates
        "\u{1B}[99~", "\u{1B}[~", "\u{1B}[16~", // no key with that number
        "\u{1B}[57399u",                // kitty's private-use functional keys
        "\u{1B}]11;rgb:0000/0000/0000\u{07}", // OSC ended by BEL
        "\u{1B}]0;a title\u{1B}\\",     // OSC ended by ST
        "\u{1B}]52;c;aGVsbG8=\u{9C}",   // OSC ended by the 8-bit ST
        "\u{1B}Pq#0;2;0;0;0#0~~\u{1B}\\", // DCS
        "\u{1B}_Gi=1;OK\u{1B}\\",       // APC
        "\u{1B}^private\u{1B}\\", "\u{1B}Xsos\u{1B}\\", // PM, SOS
    ])
    func unknownSequencesAreConsumedWholeAndWhatFollowsDecodes(sequence: String) {
        #expect(EscapeDecoder.decode(sequence) == [])
        #expect(EscapeDecoder.decode(sequence + "jq") == Self.keys(.character("j"), .character("q")))
        #expect(EscapeDecoder.decode(sequence + "\u{1B}[4~") == Self.keys(.end))
    }

    @Test func overlongParametersAreConsumedAndIgnored() {
        let long = "\u{1B}[" + String(repeating: "1;", count: 200) + "A"
        #expect(EscapeDecoder.decode(long + "j") == Self.keys(.character("j")))
        #expect(EscapeDecoder.decode("\u{1B}O" + String(repeating: "5", count: 100) + "Aj") == Self.keys(.character("j")))
    }

    @Test func bracketedPasteMarkersAreTokensAndThePasteBetweenIsText() {
        #expect(EscapeDecoder.decode("\u{1B}[200~hi\u{1B}[201~") ==
                [.pasteStart, .key(.character("h")), .key(.character("i")), .pasteEnd])
    }

    @Test func aSequenceSplitAcrossReadsIsOneKey() {
        var decoder = EscapeDecoder()
        #expect(decoder.feed(.character(27)) == [])
        #expect(decoder.feed(.character(UInt32(UInt8(ascii: "[")))) == [])
        #expect(decoder.feed(.character(UInt32(UInt8(ascii: "4")))) == [])
        #expect(!decoder.isIdle)
        #expect(decoder.feed(.character(UInt32(UInt8(ascii: "~")))) == Self.keys(.end))
        #expect(decoder.isIdle)
        // And a character after it is its own key.
        #expect(decoder.feed(.character(UInt32(UInt8(ascii: "j")))) == Self.keys(.character("j")))
    }

    @Test func aLoneEscIsEscOnceInputPauses() {
        var decoder = EscapeDecoder()
        #expect(decoder.feed(.character(27)) == [])
        #expect(!decoder.isIdle)
        #expect(decoder.flush() == Self.keys(.escape))
        #expect(decoder.isIdle)
        #expect(EscapeDecoder.decode("\u{1B}") == Self.keys(.escape))
        #expect(EscapeDecoder.decode("\u{1B}\u{1B}") == Self.keys(.escape, .escape))
        #expect(EscapeDecoder.decode("\u{1B}\u{1B}\u{1B}") == Self.keys(.escape, .escape, .escape))
        #expect(EscapeDecoder.decode("\u{1B}\u{1B}x") == Self.keys(.escape, .alt(.character("x"))))
        #expect(decoder.flush() == [])
    }

    @Test func escThenAnIntroducerAndAPauseIsEscAndThatKey() {
        // A person typing Esc then `[` quickly: Esc must still close what it closes.
        #expect(EscapeDecoder.decode("\u{1B}[") == Self.keys(.escape, .character("[")))
        #expect(EscapeDecoder.decode("\u{1B}O") == Self.keys(.escape, .character("O")))
        #expect(EscapeDecoder.decode("\u{1B}]") == Self.keys(.escape, .character("]")))
        #expect(EscapeDecoder.decode("\u{1B}P") == Self.keys(.escape, .character("P")))
        #expect(EscapeDecoder.decode("\u{1B}\u{1B}[") == Self.keys(.escape, .escape, .character("[")))
        // Cut short by something that cannot continue it: the same, then that key.
        #expect(EscapeDecoder.decode("\u{1B}[\u{01}") == Self.keys(.escape, .character("["), .control("a")))
        #expect(EscapeDecoder.decode("\u{1B}[é") == Self.keys(.escape, .character("["), .character("é")))
    }

    @Test func aLongerFragmentIsDroppedNotTyped() {
        #expect(EscapeDecoder.decode("\u{1B}[1") == [])
        #expect(EscapeDecoder.decode("\u{1B}[1;5") == [])
        #expect(EscapeDecoder.decode("\u{1B}]0;unfinished title") == [])
        #expect(EscapeDecoder.decode("\u{1B}[1\u{01}") == Self.keys(.control("a")))
        // An Esc cuts a fragment short and starts the next sequence.
        #expect(EscapeDecoder.decode("\u{1B}[1\u{1B}[A") == Self.keys(.up))
        #expect(EscapeDecoder.decode("\u{1B}]0;t\u{1B}[B") == Self.keys(.down))
    }

    @Test func keysNcursesRecognisedInsideASequence() {
        // Right after Esc: that key with Alt (kept on Backspace, dropped on arrows).
        var decoder = EscapeDecoder()
        _ = decoder.feed(.character(27))
        #expect(decoder.feed(.key(.backspace)) == Self.keys(.alt(.backspace)))
        _ = decoder.feed(.character(27))
        #expect(decoder.feed(.key(.up)) == Self.keys(.up))
        // Inside a longer sequence: the fragment is dropped and the key stands.
        _ = decoder.feed(.character(27))
        _ = decoder.feed(.character(UInt32(UInt8(ascii: "["))))
        _ = decoder.feed(.character(UInt32(UInt8(ascii: "1"))))
        #expect(decoder.feed(.key(.down)) == Self.keys(.down))
        #expect(decoder.isIdle)
        // With no sequence in progress, a key is just the key.
        #expect(decoder.feed(.key(.pageDown)) == Self.keys(.pageDown))
    }

    @Test func plainInputOutsideSequencesDecodesAsKeyTranslationDoes() {
        #expect(EscapeDecoder.decode("q\r\u{7F}\t\u{0C}日") ==
                Self.keys(.character("q"), .enter, .backspace, .tab, .control("l"), .character("日")))
    }
}
