import Testing
import TextUI
@testable import CursesBackend

@Suite("Colour degradation")
struct ColorMappingTests {
    @Test func basicColoursKeepTheirIndex() {
        let basics: [Color] = [.black, .red, .green, .yellow, .blue, .magenta, .cyan, .white]
        for (index, color) in basics.enumerated() {
            #expect(ColorMapping.basic8(color) == index)
            #expect(ColorMapping.cursesColor(color, colors: 8) == Int32(index))
            #expect(ColorMapping.cursesColor(color, colors: 256) == Int32(index))
        }
    }

    @Test func terminalDefaultIsMinusOne() {
        #expect(ColorMapping.basic8(.terminalDefault) == nil)
        #expect(ColorMapping.cursesColor(.terminalDefault, colors: 8) == -1)
        #expect(ColorMapping.cursesColor(.terminalDefault, colors: 256) == -1)
    }

    @Test func brightColoursDegradeToTheirHue() {
        #expect(ColorMapping.basic8(.brightRed) == 1)
        #expect(ColorMapping.basic8(.brightGreen) == 2)
        #expect(ColorMapping.basic8(.brightYellow) == 3)
        #expect(ColorMapping.basic8(.brightBlue) == 4)
        #expect(ColorMapping.basic8(.brightMagenta) == 5)
        #expect(ColorMapping.basic8(.brightCyan) == 6)
        #expect(ColorMapping.basic8(.brightWhite) == 7)
        // Grey (127,127,127) is nearer xterm's white (229) than black in lightness; by plain
        // RGB distance it would be yellow.
        #expect(ColorMapping.basic8(.brightBlack) == 7)
    }

    @Test func brightColoursAreExactWith256() {
        #expect(ColorMapping.cursesColor(.brightRed, colors: 256) == 9)
        #expect(ColorMapping.cursesColor(.brightWhite, colors: 256) == 15)
        #expect(ColorMapping.cursesColor(.brightRed, colors: 16) == 1) // < 256: nearest of 8
    }

    @Test func paletteColoursDegradeToTheNearest() {
        #expect(ColorMapping.basic8(.palette(196)) == 1)  // pure red
        #expect(ColorMapping.basic8(.palette(46)) == 2)   // pure green
        #expect(ColorMapping.basic8(.palette(21)) == 4)   // pure blue
        #expect(ColorMapping.basic8(.palette(226)) == 3)  // yellow
        #expect(ColorMapping.basic8(.palette(208)) == 3)  // orange (255,135,0): nearer yellow
        #expect(ColorMapping.basic8(.palette(51)) == 6)   // cyan
        #expect(ColorMapping.basic8(.palette(232)) == 0)  // darkest grey
        #expect(ColorMapping.basic8(.palette(255)) == 7)  // lightest grey
        #expect(ColorMapping.basic8(.palette(240)) == 0)  // dark grey (88)
        #expect(ColorMapping.basic8(.palette(244)) == 7)  // mid grey (128)
        #expect(ColorMapping.basic8(.palette(145)) == 7)  // greyish pink (175,135,135)
        #expect(ColorMapping.basic8(.palette(3)) == 3)    // 0...7 are themselves
        #expect(ColorMapping.cursesColor(.palette(208), colors: 256) == 208)
        #expect(ColorMapping.cursesColor(.palette(208), colors: 8) == 3)
    }

    @Test func everyPaletteIndexLandsInTheBasicRange() {
        for index in 0...255 {
            let basic = ColorMapping.basic8(.palette(UInt8(index)))
            #expect(basic.map { (0..<8).contains($0) } == true, "palette \(index)")
        }
    }

    @Test func cubeAndGreyRampRGB() {
        #expect(ColorMapping.rgb(paletteIndex: 16) == (0, 0, 0))
        #expect(ColorMapping.rgb(paletteIndex: 231) == (255, 255, 255))
        #expect(ColorMapping.rgb(paletteIndex: 208) == (255, 135, 0))
        #expect(ColorMapping.rgb(paletteIndex: 232) == (8, 8, 8))
        #expect(ColorMapping.rgb(paletteIndex: 255) == (238, 238, 238))
    }
}
