import TextUI

/// Pure mapping from `Color` to ncurses colour numbers for what the terminal has.
enum ColorMapping {
    /// The ncurses colour for `color` on a terminal with `colors` colours: -1 for the terminal
    /// default; the exact xterm index with 256 colours or more; otherwise the nearest of the 8
    /// basic colours (bright colours and `.palette(n)` degrade).
    static func cursesColor(_ color: Color, colors: Int) -> Int32 {
        guard let index = paletteIndex(color) else { return -1 }
        return colors >= 256 ? Int32(index) : Int32(nearestBasic(paletteIndex: index))
    }

    /// The nearest of the 8 basic colours (0 black ... 7 white), or nil for the terminal default.
    static func basic8(_ color: Color) -> Int? {
        paletteIndex(color).map(nearestBasic(paletteIndex:))
    }

    /// The xterm-256 index of a colour, or nil for the terminal default.
    static func paletteIndex(_ color: Color) -> Int? {
        switch color {
        case .terminalDefault: return nil
        case .black: return 0
        case .red: return 1
        case .green: return 2
        case .yellow: return 3
        case .blue: return 4
        case .magenta: return 5
        case .cyan: return 6
        case .white: return 7
        case .brightBlack: return 8
        case .brightRed: return 9
        case .brightGreen: return 10
        case .brightYellow: return 11
        case .brightBlue: return 12
        case .brightMagenta: return 13
        case .brightCyan: return 14
        case .brightWhite: return 15
        case .palette(let index): return Int(index)
        }
    }

    /// xterm's default RGB for a palette index.
    static func rgb(paletteIndex index: Int) -> (r: Int, g: Int, b: Int) {
        switch index {
        case 0..<16: return xterm16[index]
        case 16..<232:
            let levels = [0, 95, 135, 175, 215, 255]
            let i = index - 16
            return (levels[i / 36], levels[(i / 6) % 6], levels[i % 6])
        default:
            let gray = 8 + 10 * (min(index, 255) - 232)
            return (gray, gray, gray)
        }
    }

    /// The basic colour (0...7) closest in RGB to a palette index; 0...7 map to themselves.
    /// Greys go to black or white, whichever is nearer in lightness: plain RGB distance would
    /// make mid grey (brightBlack) yellow.
    static func nearestBasic(paletteIndex index: Int) -> Int {
        if (0..<8).contains(index) { return index }
        let (r, g, b) = rgb(paletteIndex: index)
        if max(r, g, b) - min(r, g, b) <= 32 {
            let lightness = (r + g + b) / 3
            return lightness * 2 >= xterm16[7].r ? 7 : 0
        }
        var best = 0, bestDistance = Int.max
        for candidate in 0..<8 {
            let c = xterm16[candidate]
            let distance = (r - c.r) * (r - c.r) + (g - c.g) * (g - c.g) + (b - c.b) * (b - c.b)
            if distance < bestDistance { best = candidate; bestDistance = distance }
        }
        return best
    }

    private static let xterm16: [(r: Int, g: Int, b: Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
}
