import CNcursesw
import TextUI

/// What one `get_wch` delivered: a character (`OK`) or a key code (`KEY_CODE_YES`).
enum RawInput: Hashable, Sendable {
    case character(UInt32)
    case keyCode(Int32)
}

/// Pure translation of ncurses input into `Key`s and mouse buttons; no terminal needed.
enum KeyTranslation {
    /// The key for `raw`, or nil for input the app has no use for (NUL, C1 controls, Ctrl
    /// combinations other than letters, unknown key codes, and KEY_RESIZE / KEY_MOUSE, which the
    /// session handles itself).
    static func key(for raw: RawInput) -> Key? {
        switch raw {
        case .character(let code): return key(forCharacter: code)
        case .keyCode(let code): return key(forKeyCode: code)
        }
    }

    static func key(forCharacter code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter              // 10 with nl(), 13 after nonl()
        case 8, 127: return .backspace          // Ctrl-H / DEL, as terminals send Backspace
        case 27: return .escape
        case 1...26:
            guard let scalar = Unicode.Scalar(UInt32(UInt8(ascii: "a")) + code - 1) else { return nil }
            return .control(Character(scalar))
        case 0, 28...31, 128...159: return nil  // NUL, other C0, C1
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil } // surrogates, > 0x10FFFF
            return .character(Character(scalar))
        }
    }

    /// The key for a code ncurses decoded from its terminfo entry. Shifted variants count as
    /// the key itself (modifiers on navigation keys are not reported), as do the keypad's
    /// corners (A1 Home, A3 PgUp, C1 End, C3 PgDn); the keypad's centre (B2) is nothing.
    static func key(forKeyCode code: Int32) -> Key? {
        switch code {
        case iskra_key_up(), iskra_key_sr(): return .up
        case iskra_key_down(), iskra_key_sf(): return .down
        case iskra_key_left(), iskra_key_sleft(): return .left
        case iskra_key_right(), iskra_key_sright(): return .right
        case iskra_key_ppage(), iskra_key_sprevious(), iskra_key_a3(): return .pageUp
        case iskra_key_npage(), iskra_key_snext(), iskra_key_c3(): return .pageDown
        case iskra_key_home(), iskra_key_find(), iskra_key_shome(), iskra_key_a1(): return .home
        case iskra_key_end(), iskra_key_select(), iskra_key_send(), iskra_key_ll(), iskra_key_c1(): return .end
        case iskra_key_enter(): return .enter
        case iskra_key_backspace(): return .backspace
        case iskra_key_dc(), iskra_key_sdc(): return .delete
        case iskra_key_ic(), iskra_key_sic(): return .insert
        case iskra_key_btab(): return .backTab
        case iskra_key_f(1)...iskra_key_f(63): return .function(Int(code - iskra_key_f0()))
        default: return nil
        }
    }

    /// The key for one of ncurses' extended key codes (above KEY_MAX), by the terminfo name
    /// `keyname()` gives it: xterm's modified keys `kUP5` (Ctrl-↑), `kEND3` (Alt-End), `kDC2`…
    /// count as the key itself. Nil for any other name.
    static func key(forExtendedName name: String) -> Key? {
        // A capability name, then the modifier digit (2-8) if any.
        let base = String(name.reversed().drop(while: \.isNumber).reversed())
        switch base {
        case "kUP": return .up
        case "kDN": return .down
        case "kLFT": return .left
        case "kRIT": return .right
        case "kHOM": return .home
        case "kEND": return .end
        case "kPRV": return .pageUp
        case "kNXT": return .pageDown
        case "kDC": return .delete
        case "kIC": return .insert
        default: return nil
        }
    }

    /// The mouse events the session asks ncurses for.
    static var mouseMask: mmask_t {
        iskra_button1_pressed() | iskra_button1_released() | iskra_button1_clicked()
            | iskra_button2_pressed() | iskra_button2_clicked()
            | iskra_button3_pressed() | iskra_button3_clicked()
            | iskra_button4_pressed() | iskra_button5_pressed()
    }

    /// The button for a `getmouse` state: presses and clicks count, releases and motion do not.
    static func mouseButton(for state: mmask_t) -> MouseButton? {
        if state & iskra_button4_pressed() != 0 { return .wheelUp }
        if state & iskra_button5_pressed() != 0 { return .wheelDown }
        if state & (iskra_button1_pressed() | iskra_button1_clicked()) != 0 { return .left }
        if state & (iskra_button2_pressed() | iskra_button2_clicked()) != 0 { return .middle }
        if state & (iskra_button3_pressed() | iskra_button3_clicked()) != 0 { return .right }
        return nil
    }
}
