import Testing
import TextUI

@Suite("OSC 52")
struct OSC52Tests {
    @Test func theClipboardSequenceCarriesTheTextInBase64() {
        // "Leon ¶ 1" in UTF-8, base64 by hand: TGVvbiDCtiAx
        #expect(String(decoding: osc52("Leon \u{B6} 1"), as: UTF8.self) == "\u{1B}]52;c;TGVvbiDCtiAx\u{07}")
        #expect(String(decoding: osc52("ab"), as: UTF8.self) == "\u{1B}]52;c;YWI=\u{07}")
        #expect(String(decoding: osc52(""), as: UTF8.self) == "\u{1B}]52;c;\u{07}")
    }
}
