import TextUI

/// Decodes what ncurses leaves undecoded: an Esc and the characters after it.
///
/// ncurses knows only the key sequences its terminfo entry lists. Anything else reaches us as
/// Esc followed by plain characters (`ESC [ 1 ~`, Home under tmux with TERM=xterm-256color,
/// would be Esc, `[`, `1`, `~`). This decoder, fed those characters one at a time, recognises
/// the encodings xterm, tmux, screen, rxvt, the Linux console and PuTTY send, and consumes any
/// other well-formed sequence whole, so it is never split into Esc and letters:
///
/// - CSI `ESC [ params intermediates final`: arrows (`A`-`D`, rxvt shifted `a`-`d`), Home and
///   End (`H` `F`, `1~` `4~`, rxvt `7~` `8~`), Insert, Delete, PgUp, PgDn (`2~` `3~` `5~` `6~`),
///   F1-F20 (`11~`-`34~`, xterm `1;2P`), Shift-Tab (`Z`), with xterm modifiers (`1;5A`) or rxvt
///   ones (`$` `^` `@` finals), keys in xterm's modifyOtherKeys (`27;5;105~`) and CSI-u forms,
///   bracketed-paste markers (`200~` `201~`), the Linux console's F1-F5 (`ESC [ [ A`-`E`) and an
///   X10 mouse report's three bytes;
/// - SS3 `ESC O final`: application-mode arrows, Home, End, F1-F4, the keypad (`ESC O M` Enter,
///   `ESC O p`-`y` digits, operators), also with an old-style modifier (`ESC O 5 A`);
/// - strings (OSC `ESC ]`, DCS `ESC P`, APC, PM, SOS) up to BEL or ST: dropped;
/// - `ESC` plus any other key: that key with Alt (`ESC b` is Alt-b, `ESC DEL` Alt-Backspace;
///   rxvt's Alt-↑ is `ESC ESC [ A`); two Escs not followed by a sequence are two Escs.
///
/// Modifiers on navigation and function keys are dropped (Ctrl-End is End, Alt-↑ is ↑); Alt is
/// kept on characters, Backspace, Enter and Tab, where it means something to line editing.
///
/// A sequence cut short, by a pause (`flush()`) or by input that cannot continue it, is taken
/// as typed by a person when it is Esc and one character (Esc then `[` is Esc, then `[`), and
/// dropped when it is longer (no person types that fast).
///
/// Pure: no ncurses, no clock. The session feeds it characters and decides when input paused.
struct EscapeDecoder {
    /// What a sequence meant.
    enum Token: Hashable, Sendable {
        case key(Key)
        /// Bracketed paste: what follows until `pasteEnd` was pasted, not typed.
        case pasteStart
        case pasteEnd
    }

    /// One thing `get_wch` delivered: a character, or a key ncurses itself recognised.
    enum Input: Hashable, Sendable {
        case character(UInt32)
        case key(Key)
    }

    private enum State: Equatable {
        /// Not in a sequence.
        case ground
        /// After Esc.
        case escape
        /// `ESC [` and what followed: parameter bytes, intermediate bytes.
        case csi(parameters: [UInt8], intermediates: [UInt8])
        /// `ESC O` and any parameter bytes.
        case ss3(parameters: [UInt8])
        /// `ESC [ [`: one more character (the Linux console's F1-F5).
        case linuxFunction
        /// `ESC [ M`: this many bytes of an X10 mouse report to skip.
        case x10Mouse(remaining: Int)
        /// OSC, DCS, APC, PM or SOS up to BEL or ST; `escape` after an Esc inside it.
        case string(escape: Bool)
    }

    /// Parameter bytes kept for one sequence; a longer run is still consumed, and then ignored.
    static let maxParameterBytes = 32

    private var state = State.ground
    /// The character after Esc, while the sequence is in progress.
    private var introducer: UInt32 = 0
    /// Characters consumed after Esc in the sequence in progress.
    private var consumed = 0
    /// Parameters longer than `maxParameterBytes`: the sequence is consumed but means nothing.
    private var overflowed = false
    /// The sequence's Esc came right after another (rxvt's Alt-↑ is `ESC ESC [ A`): if it
    /// ends in a key, that is the key with Alt; if not, the first Esc was a key of its own.
    private var doubled = false

    /// Whether no sequence is in progress (the session stops reading ahead when this is true).
    var isIdle: Bool { state == .ground }

    /// Feeds one input; returns what it completed (usually nothing or one key).
    mutating func feed(_ input: Input) -> [Token] {
        var tokens: [Token] = []
        feed(input, into: &tokens)
        return tokens
    }

    /// Input paused with a sequence in progress: Esc on its own, Esc and one character typed by
    /// a person, or a longer fragment, dropped. Back to the ground state.
    mutating func flush() -> [Token] {
        var tokens: [Token] = []
        abandon(into: &tokens)
        return tokens
    }

    /// Decodes a whole string of input followed by a pause (for tests and tools).
    static func decode(_ text: String) -> [Token] {
        var decoder = EscapeDecoder()
        var tokens: [Token] = []
        for scalar in text.unicodeScalars { tokens += decoder.feed(.character(scalar.value)) }
        return tokens + decoder.flush()
    }

    // MARK: Feeding

    private mutating func feed(_ input: Input, into tokens: inout [Token]) {
        let code: UInt32
        switch input {
        case .key(let key):
            // ncurses recognised a key. Right after Esc it is that key with Alt (an Esc from
            // a person would have been delivered on its own after the escape delay); inside a
            // longer sequence it interrupts it.
            if state == .escape {
                if doubled { tokens.append(.key(.escape)) }
                reset()
                tokens.append(.key(Self.withAlt(key)))
                return
            }
            abandon(into: &tokens)
            tokens.append(.key(key))
            return
        case .character(let character):
            code = character
        }

        switch state {
        case .ground:
            if code == 27 {
                begin()
            } else if let key = KeyTranslation.key(forCharacter: code) {
                tokens.append(.key(key))
            }

        case .escape:
            consumed = 1
            introducer = code
            switch code {
            case 0x5B: state = .csi(parameters: [], intermediates: []) // [
            case 0x4F: state = .ss3(parameters: [])                    // O
            case 0x5D, 0x50, 0x5F, 0x5E, 0x58: state = .string(escape: false) // ] P _ ^ X
            case 27:
                // Esc Esc: Alt on the sequence the second starts, or two Escs. Of three,
                // the first is an Esc on its own.
                if doubled { tokens.append(.key(.escape)) }
                begin()
                doubled = true
            default:
                if doubled { tokens.append(.key(.escape)) }
                reset()
                if let key = KeyTranslation.key(forCharacter: code) { tokens.append(.key(Self.withAlt(key))) }
            }

        case .csi(var parameters, var intermediates):
            consumed += 1
            switch code {
            case 0x5B where consumed == 2:                      // ESC [ [
                state = .linuxFunction
            case 0x4D where consumed == 2:                      // ESC [ M: X10 mouse report
                state = .x10Mouse(remaining: 3)
            case 0x24 where intermediates.isEmpty && !parameters.isEmpty
                && parameters.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }):
                // rxvt ends shifted keys with `$` (`ESC [ 7 $` is Shift-Home), which ECMA-48
                // counts as an intermediate byte; no other sequence a terminal sends unasked
                // has `$` right after plain digits.
                finish(csi: parameters, intermediates: [], final: 0x24, into: &tokens)
            case 0x30...0x3F:
                if parameters.count < Self.maxParameterBytes { parameters.append(UInt8(code)) } else { overflowed = true }
                state = .csi(parameters: parameters, intermediates: intermediates)
            case 0x20...0x2F:
                if intermediates.count < Self.maxParameterBytes { intermediates.append(UInt8(code)) } else { overflowed = true }
                state = .csi(parameters: parameters, intermediates: intermediates)
            case 0x40...0x7E:
                finish(csi: parameters, intermediates: intermediates, final: UInt8(code), into: &tokens)
            default:
                interrupt(by: code, into: &tokens)
            }

        case .ss3(var parameters):
            consumed += 1
            switch code {
            case 0x30...0x3F:
                if parameters.count < Self.maxParameterBytes { parameters.append(UInt8(code)) } else { overflowed = true }
                state = .ss3(parameters: parameters)
            case 0x40...0x7E:
                finish(overflowed ? nil : Self.ss3Key(final: UInt8(code)).map(Token.key), into: &tokens)
            default:
                interrupt(by: code, into: &tokens)
            }

        case .linuxFunction:
            consumed += 1
            guard (0x20...0x7E).contains(code) else { return interrupt(by: code, into: &tokens) }
            // A-E: F1-F5
            finish((0x41...0x45).contains(code) ? .key(.function(Int(code) - 0x40)) : nil, into: &tokens)

        case .x10Mouse(let remaining):
            // Three bytes (or UTF-8 characters, in mode 1005) of button and position; any value.
            consumed += 1
            if remaining > 1 { state = .x10Mouse(remaining: remaining - 1) } else { finish(nil, into: &tokens) }

        case .string(let afterEscape):
            consumed += 1
            if afterEscape {
                if code == 0x5C { return finish(nil, into: &tokens) } // ST: ESC \
                // An Esc inside a string cancels it and starts a new sequence.
                begin()
                doubled = false
                feed(.character(code), into: &tokens)
            } else if code == 0x07 || code == 0x9C {            // BEL, or the 8-bit ST
                finish(nil, into: &tokens)
            } else if code == 27 {
                state = .string(escape: true)
            }
        }
    }

    private mutating func begin() {
        state = .escape
        introducer = 0
        consumed = 0
        overflowed = false
    }

    private mutating func reset() {
        state = .ground
        introducer = 0
        consumed = 0
        overflowed = false
        doubled = false
    }

    /// The sequence in progress ends unfinished: Esc alone, Esc and a character a person typed
    /// right after it, or dropped.
    private mutating func abandon(into tokens: inout [Token]) {
        if doubled && state != .ground { tokens.append(.key(.escape)) }
        switch state {
        case .ground:
            break
        case .escape:
            tokens.append(.key(.escape))
        default:
            if consumed == 1 {
                tokens.append(.key(.escape))
                if let key = KeyTranslation.key(forCharacter: introducer) { tokens.append(.key(key)) }
            }
        }
        reset()
    }

    /// A character that cannot continue the sequence: the sequence is abandoned and the
    /// character decoded afresh (an Esc starts the next sequence).
    private mutating func interrupt(by code: UInt32, into tokens: inout [Token]) {
        consumed -= 1 // counted on arrival, but not part of the sequence
        abandon(into: &tokens)
        feed(.character(code), into: &tokens)
    }

    private mutating func finish(csi parameters: [UInt8], intermediates: [UInt8], final: UInt8,
                                 into tokens: inout [Token]) {
        finish(overflowed ? nil : Self.csiToken(parameters: parameters, intermediates: intermediates, final: final),
               into: &tokens)
    }

    /// The sequence is complete and meant `token` (nil: nothing), with Alt after a doubled Esc.
    private mutating func finish(_ token: Token?, into tokens: inout [Token]) {
        let alt = doubled
        reset()
        switch token {
        case .key(let key)?: tokens.append(.key(alt ? Self.withAlt(key) : key))
        case let other?: tokens.append(other)
        case nil: break
        }
    }

    // MARK: Meaning

    /// `key` pressed with Alt: kept on what line editing uses, dropped on navigation and
    /// function keys (as their other modifiers are).
    static func withAlt(_ key: Key) -> Key {
        switch key {
        case .character, .control, .backspace, .enter, .tab: return .alt(key)
        default: return key
        }
    }

    /// The numbers in a parameter string (`1;5` is [1, 5]); an empty field is nil, and
    /// sub-parameters after `:` are ignored. Nil when it has a private marker (`<`, `=`, `>`,
    /// `?`): such sequences are reports, not keys.
    static func numbers(_ parameters: [UInt8]) -> [Int?]? {
        var result: [Int?] = []
        var current: Int?
        var inSubParameter = false
        for byte in parameters {
            switch byte {
            case 0x30...0x39:
                guard !inSubParameter else { continue }
                current = min((current ?? 0) * 10 + Int(byte - 0x30), 1_000_000)
            case 0x3B:
                result.append(current)
                current = nil
                inSubParameter = false
            case 0x3A:
                inSubParameter = true
            default:
                return nil
            }
        }
        result.append(current)
        return result
    }

    static func csiToken(parameters: [UInt8], intermediates: [UInt8], final: UInt8) -> Token? {
        guard intermediates.isEmpty, let numbers = numbers(parameters) else { return nil }
        let first = numbers.first ?? nil
        let second = numbers.count > 1 ? numbers[1] : nil
        switch final {
        case 0x7E, 0x24, 0x5E, 0x40: // ~, and rxvt's $ ^ @ (shift, ctrl, both)
            guard let number = first else { return nil }
            if final == 0x7E {
                switch number {
                case 200: return .pasteStart
                case 201: return .pasteEnd
                case 27:  // xterm modifyOtherKeys: 27 ; modifier ; code ~
                    guard numbers.count > 2, let code = numbers[2] else { return nil }
                    return key(code: code, modifier: second).map(Token.key)
                default: break
                }
            }
            return tildeKey(number).map(Token.key)
        case 0x75: // u: CSI-u (fixterms, kitty, tmux extended keys): code ; modifier u
            guard let code = first else { return nil }
            return key(code: code, modifier: second).map(Token.key)
        case 0x41, 0x61: return .key(.up)        // A, rxvt shifted a
        case 0x42, 0x62: return .key(.down)      // B b
        case 0x43, 0x63: return .key(.right)     // C c
        case 0x44, 0x64: return .key(.left)      // D d
        case 0x48: return .key(.home)            // H
        case 0x46: return .key(.end)             // F
        case 0x5A: return .key(.backTab)         // Z
        case 0x50, 0x51, 0x52, 0x53:             // P Q R S: xterm's modified F1-F4 (1;2P)
            // Only with no parameters or a first parameter of 1: `CSI row;col R` would be a
            // cursor position report.
            guard first == nil || first == 1 else { return nil }
            return .key(.function(Int(final) - 0x4F))
        default:
            // E and G (keypad 5), I and O (focus), SGR mouse, reports: nothing to do.
            return nil
        }
    }

    /// The key for `ESC [ number ~` (and rxvt's `$` `^` `@` forms).
    static func tildeKey(_ number: Int) -> Key? {
        switch number {
        case 1, 7: return .home        // 1: tmux, screen, Linux console, PuTTY; 7: rxvt
        case 2: return .insert
        case 3: return .delete
        case 4, 8: return .end         // 4: tmux, screen, Linux console, PuTTY; 8: rxvt
        case 5: return .pageUp
        case 6: return .pageDown
        case 11...15: return .function(number - 10)   // F1-F5 (rxvt, PuTTY)
        case 17...21: return .function(number - 11)   // F6-F10
        case 23...26: return .function(number - 12)   // F11-F14
        case 28, 29: return .function(number - 13)    // F15-F16
        case 31...34: return .function(number - 14)   // F17-F20
        default: return nil
        }
    }

    /// The key for `ESC O final`.
    static func ss3Key(final: UInt8) -> Key? {
        switch final {
        case 0x41, 0x61: return .up                 // A, rxvt ctrl a
        case 0x42, 0x62: return .down
        case 0x43, 0x63: return .right
        case 0x44, 0x64: return .left
        case 0x48: return .home                     // H
        case 0x46: return .end                      // F
        case 0x50...0x53: return .function(Int(final) - 0x4F) // P-S: F1-F4
        case 0x4D: return .enter                    // M: keypad Enter
        case 0x49: return .tab                      // I: keypad Tab
        case 0x70...0x79: return .character(Character(Unicode.Scalar(final - 0x70 + 0x30))) // p-y: 0-9
        case 0x6A: return .character("*")
        case 0x6B: return .character("+")
        case 0x6C: return .character(",")
        case 0x6D: return .character("-")
        case 0x6E: return .character(".")
        case 0x6F: return .character("/")
        case 0x58: return .character("=")           // X: keypad =
        default: return nil                          // E: keypad 5, and anything else
        }
    }

    /// A key given as a Unicode code and an xterm modifier parameter (1 + shift 1, alt 2,
    /// ctrl 4, meta 8), as modifyOtherKeys and CSI-u send them.
    static func key(code: Int, modifier: Int?) -> Key? {
        let bits = max(0, (modifier ?? 1) - 1)
        let shift = bits & 1 != 0, alt = bits & (2 | 8) != 0, control = bits & 4 != 0
        let base: Key
        switch code {
        case 9: base = shift ? .backTab : .tab
        case 13: base = .enter
        case 27: base = .escape
        case 8, 127: base = .backspace
        case _ where control && ((0x41...0x5A).contains(code) || (0x61...0x7A).contains(code)):
            base = .control(Character(Unicode.Scalar(UInt8(code | 0x20))))
        default:
            // A printable character: not a control, not private use (kitty's functional keys),
            // and not with Ctrl unless it is a letter.
            guard !control, code >= 0x20, !(0x7F...0x9F).contains(code), !(0xE000...0xF8FF).contains(code),
                  let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            var character = Character(scalar)
            if shift, character.isLowercase, let upper = character.uppercased().first { character = upper }
            base = .character(character)
        }
        return alt ? withAlt(base) : base
    }
}
