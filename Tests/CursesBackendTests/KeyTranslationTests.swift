import CNcursesw
import Testing
import TextUI
@testable import CursesBackend

@Suite("Key translation")
struct KeyTranslationTests {
    private func key(_ code: UInt32) -> Key? { KeyTranslation.key(for: .character(code)) }
    private func key(keyCode: Int32) -> Key? { KeyTranslation.key(for: .keyCode(keyCode)) }

    @Test func enterArrivesAsLineFeedOrCarriageReturnOrKeyEnter() {
        #expect(key(10) == .enter)
        #expect(key(13) == .enter)
        #expect(key(keyCode: iskra_key_enter()) == .enter)
    }

    @Test func backspaceArrivesThreeWays() {
        #expect(key(keyCode: iskra_key_backspace()) == .backspace)
        #expect(key(127) == .backspace)
        #expect(key(8) == .backspace)
    }

    @Test func tabEscapeAndBackTab() {
        #expect(key(9) == .tab)
        #expect(key(27) == .escape)
        #expect(key(keyCode: iskra_key_btab()) == .backTab)
    }

    @Test func controlLettersExceptTheOnesWithTheirOwnMeaning() {
        #expect(key(1) == .control("a"))
        #expect(key(3) == .control("c"))
        #expect(key(12) == .control("l"))
        #expect(key(26) == .control("z"))
        for code: UInt32 in [8, 9, 10, 13] {
            if case .control = key(code) { Issue.record("\(code) must not be .control") }
        }
    }

    @Test func otherControlCharactersAreDropped() {
        for code: UInt32 in [0, 28, 29, 30, 31, 0x80, 0x85, 0x9F] {
            #expect(key(code) == nil, "code \(code)")
        }
    }

    @Test func printableCharactersIncludingNonASCII() {
        #expect(key(UInt32(UInt8(ascii: "q"))) == .character("q"))
        #expect(key(UInt32(UInt8(ascii: " "))) == .character(" "))
        #expect(key(0xE9) == .character("é"))
        #expect(key(0x2019) == .character("’"))
        #expect(key(0x65E5) == .character("日"))
        #expect(key(0x1F600) == .character("😀"))
        #expect(key(0xD800) == nil) // a lone surrogate is not a character
        #expect(key(0x110000) == nil)
    }

    @Test func navigationKeyCodes() {
        #expect(key(keyCode: iskra_key_up()) == .up)
        #expect(key(keyCode: iskra_key_down()) == .down)
        #expect(key(keyCode: iskra_key_left()) == .left)
        #expect(key(keyCode: iskra_key_right()) == .right)
        #expect(key(keyCode: iskra_key_sr()) == .up)
        #expect(key(keyCode: iskra_key_sf()) == .down)
        #expect(key(keyCode: iskra_key_ppage()) == .pageUp)
        #expect(key(keyCode: iskra_key_npage()) == .pageDown)
        #expect(key(keyCode: iskra_key_home()) == .home)
        #expect(key(keyCode: iskra_key_end()) == .end)
        #expect(key(keyCode: iskra_key_find()) == .home)
        #expect(key(keyCode: iskra_key_select()) == .end)
        #expect(key(keyCode: iskra_key_dc()) == .delete)
        #expect(key(keyCode: iskra_key_ic()) == .insert)
    }

    @Test func shiftedAndKeypadCodesCountAsTheKeyItself() {
        #expect(key(keyCode: iskra_key_shome()) == .home)
        #expect(key(keyCode: iskra_key_send()) == .end)
        #expect(key(keyCode: iskra_key_sprevious()) == .pageUp)
        #expect(key(keyCode: iskra_key_snext()) == .pageDown)
        #expect(key(keyCode: iskra_key_sdc()) == .delete)
        #expect(key(keyCode: iskra_key_sic()) == .insert)
        #expect(key(keyCode: iskra_key_a1()) == .home)
        #expect(key(keyCode: iskra_key_a3()) == .pageUp)
        #expect(key(keyCode: iskra_key_c1()) == .end)
        #expect(key(keyCode: iskra_key_c3()) == .pageDown)
        #expect(key(keyCode: iskra_key_b2()) == nil)
    }

    @Test func extendedKeysByTheirTerminfoNames() {
        #expect(KeyTranslation.key(forExtendedName: "kUP5") == .up)
        #expect(KeyTranslation.key(forExtendedName: "kUP") == .up)
        #expect(KeyTranslation.key(forExtendedName: "kDN3") == .down)
        #expect(KeyTranslation.key(forExtendedName: "kLFT6") == .left)
        #expect(KeyTranslation.key(forExtendedName: "kRIT2") == .right)
        #expect(KeyTranslation.key(forExtendedName: "kHOM5") == .home)
        #expect(KeyTranslation.key(forExtendedName: "kEND7") == .end)
        #expect(KeyTranslation.key(forExtendedName: "kPRV5") == .pageUp)
        #expect(KeyTranslation.key(forExtendedName: "kNXT3") == .pageDown)
        #expect(KeyTranslation.key(forExtendedName: "kDC5") == .delete)
        #expect(KeyTranslation.key(forExtendedName: "kIC2") == .insert)
        #expect(KeyTranslation.key(forExtendedName: "kxIN") == nil)
        #expect(KeyTranslation.key(forExtendedName: "kUPX") == nil)
        #expect(KeyTranslation.key(forExtendedName: "") == nil)
    }

    @Test func functionKeys() {
        #expect(key(keyCode: iskra_key_f(1)) == .function(1))
        #expect(key(keyCode: iskra_key_f(12)) == .function(12))
        #expect(key(keyCode: iskra_key_f(63)) == .function(63))
        #expect(key(keyCode: iskra_key_f0()) == nil)
    }

    @Test func resizeMouseAndUnknownCodesAreNotKeys() {
        #expect(key(keyCode: iskra_key_resize()) == nil)
        #expect(key(keyCode: iskra_key_mouse()) == nil)
        #expect(key(keyCode: 0o777) == nil)
    }

    @Test func mouseButtons() {
        #expect(KeyTranslation.mouseButton(for: iskra_button1_pressed()) == .left)
        #expect(KeyTranslation.mouseButton(for: iskra_button1_clicked()) == .left)
        #expect(KeyTranslation.mouseButton(for: iskra_button1_released()) == nil)
        #expect(KeyTranslation.mouseButton(for: iskra_button2_pressed()) == .middle)
        #expect(KeyTranslation.mouseButton(for: iskra_button3_pressed()) == .right)
        #expect(KeyTranslation.mouseButton(for: iskra_button4_pressed()) == .wheelUp)
        #expect(KeyTranslation.mouseButton(for: iskra_button5_pressed()) == .wheelDown)
        #expect(KeyTranslation.mouseButton(for: iskra_report_mouse_position()) == nil)
        #expect(KeyTranslation.mouseButton(for: 0) == nil)
    }

    @Test func mouseMaskAsksForPressesAndWheelButNotMotion() {
        let mask = KeyTranslation.mouseMask
        #expect(mask & iskra_button1_pressed() != 0)
        #expect(mask & iskra_button4_pressed() != 0)
        #expect(mask & iskra_button5_pressed() != 0)
        #expect(mask & iskra_report_mouse_position() == 0)
    }
}
