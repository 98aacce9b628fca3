// Golden-screen text for a ScreenBuffer: deterministic and line-oriented so that a failing
// comparison reads as an ordinary text diff.
//
// Format (every line ends with "\n"):
//
//     screen 20x3
//     Hello world
//       second row
//
//     style
//     aaaaa
//     ..bbbbbbbbbb
//
//     legend
//     a: fg=red bold
//     b: bg=blue
//
// - `screen WxH`, then exactly H character rows. Trailing spaces are trimmed (editors and
//   diff tools mangle them); a wide character is written once and its continuation cell adds
//   nothing, so rows line up visually in a monospace view.
// - `style`, then H rows with one letter per cell (continuation cells repeat their owner's
//   letter), `.` for `Style.plain`; trailing `.` trimmed.
// - `legend`: each letter and its style, in order of first appearance (row-major). A style's
//   letter comes from its description (a hash into a-z, A-Z, 0-9; the next free one on a
//   clash), so a style that appears or goes elsewhere on the screen leaves the others'
//   letters alone and a golden diff shows only what changed.

extension ScreenBuffer {
    public func snapshot() -> String {
        var out = "screen \(size.width)x\(size.height)\n"
        for y in 0..<size.height {
            var row = text(ofRow: y)
            while row.last == " " { row.removeLast() }
            out += row + "\n"
        }
        var letters: [Style: Character] = [:]
        var order: [Style] = []
        out += "style\n"
        for y in 0..<size.height {
            var row = ""
            for x in 0..<size.width {
                let style = self[x, y].style
                if style == .plain { row.append("."); continue }
                if let letter = letters[style] {
                    row.append(letter)
                } else {
                    let letter = Snapshot.letter(for: style.description, taken: Set(letters.values))
                    letters[style] = letter
                    order.append(style)
                    row.append(letter)
                }
            }
            while row.last == "." { row.removeLast() }
            out += row + "\n"
        }
        out += "legend\n"
        for style in order { out += "\(letters[style]!): \(style)\n" }
        return out
    }
}

enum Snapshot {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// The letter for a style's description: FNV-1a of it picks one, the next free one after
    /// it on a clash; past 62 styles, code points from U+00C0 on.
    static func letter(for description: String, taken: Set<Character>) -> Character {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in description.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        let start = Int(hash % UInt64(alphabet.count))
        for step in 0..<alphabet.count where !taken.contains(alphabet[(start + step) % alphabet.count]) {
            return alphabet[(start + step) % alphabet.count]
        }
        var code: UInt32 = 0xC0
        while let scalar = Unicode.Scalar(code), taken.contains(Character(scalar)) { code += 1 }
        return Character(Unicode.Scalar(code) ?? "?")
    }
}

extension Color: CustomStringConvertible {
    public var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .black: return "black"
        case .red: return "red"
        case .green: return "green"
        case .yellow: return "yellow"
        case .blue: return "blue"
        case .magenta: return "magenta"
        case .cyan: return "cyan"
        case .white: return "white"
        case .brightBlack: return "brightBlack"
        case .brightRed: return "brightRed"
        case .brightGreen: return "brightGreen"
        case .brightYellow: return "brightYellow"
        case .brightBlue: return "brightBlue"
        case .brightMagenta: return "brightMagenta"
        case .brightCyan: return "brightCyan"
        case .brightWhite: return "brightWhite"
        case .palette(let index): return "palette\(index)"
        }
    }
}

extension Style: CustomStringConvertible {
    /// `fg=red bg=blue bold underline`: non-default colours, then attributes in a fixed
    /// order; `plain` for the plain style.
    public var description: String {
        var parts: [String] = []
        if foreground != .terminalDefault { parts.append("fg=\(foreground)") }
        if background != .terminalDefault { parts.append("bg=\(background)") }
        let names: [(Attributes, String)] = [(.bold, "bold"), (.dim, "dim"), (.italic, "italic"),
                                             (.underline, "underline"), (.reverse, "reverse")]
        for (attribute, name) in names where attributes.contains(attribute) { parts.append(name) }
        return parts.isEmpty ? "plain" : parts.joined(separator: " ")
    }
}
