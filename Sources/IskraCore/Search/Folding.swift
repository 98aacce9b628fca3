// Search folding: what the index and the query both see instead of the raw text.
//
// Each original scalar becomes zero or more folded scalars, each carried as its lowercase value
// plus a "was uppercase" flag, so the same folding answers both case-insensitive and
// case-sensitive (smart case) queries. Folding makes the search insensitive to accents
// (`é` -> `e`), ligatures (`œ` -> `oe`), curly quotes (`’` -> `'`, `“` -> `"`), dashes
// (`–` -> `-`), the ellipsis (`…` -> `...`) and odd spaces; combining marks and invisible
// format characters disappear. No Foundation: accents are removed from Latin letters using the
// Unicode character name (`LATIN SMALL LETTER E WITH ACUTE` -> `e`).

/// A folded scalar packed into 64 bits: low 32 bits are the lowercase scalar value, bit 32 is
/// set when the original letter was uppercase.
typealias PackedFold = UInt64

enum Folding {
    static let upperBit: UInt64 = 1 << 32

    /// Folds a scalar outside ASCII (ASCII is folded inline by callers).
    static func foldNonASCII(_ scalar: Unicode.Scalar) -> [PackedFold] {
        base(scalar).map(pack)
    }

    /// Folds any scalar; convenient for queries and tests, not for the index's inner loop.
    static func fold(_ scalar: Unicode.Scalar) -> [PackedFold] {
        let v = scalar.value
        if v < 0x80 { return [packASCII(v)] }
        return foldNonASCII(scalar)
    }

    @inline(__always)
    static func packASCII(_ v: UInt32) -> PackedFold {
        if v >= 0x41 && v <= 0x5A { return UInt64(v | 0x20) | upperBit }
        return UInt64(v)
    }

    private static func pack(_ scalar: Unicode.Scalar) -> PackedFold {
        let v = scalar.value
        if v < 0x80 { return packASCII(v) }
        let properties = scalar.properties
        guard properties.changesWhenLowercased else { return UInt64(v) }
        let lower = properties.lowercaseMapping.unicodeScalars
        if lower.count == 1, let first = lower.first { return UInt64(first.value) | upperBit }
        return UInt64(v) | upperBit
    }

    /// Case-preserving folding of one non-ASCII scalar.
    private static func base(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        switch scalar.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0x02BB, 0x2035:
            return ["'"]
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2033, 0x2036:
            return ["\""]
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
            return ["-"]
        case 0x2026:
            return [".", ".", "."]
        case 0x00DF:
            return ["s", "s"]
        case 0x1E9E:
            return ["S", "S"]
        case 0x00AD, 0x200B...0x200F, 0x2060, 0xFEFF:
            return []
        default:
            break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark:
            return []
        case .spaceSeparator:
            return [" "]
        default:
            break
        }
        if let name = properties.name, name.hasPrefix("LATIN "), let letters = latinBase(name) {
            return letters
        }
        return [scalar]
    }

    /// `LATIN SMALL LETTER E WITH ACUTE` -> `e`, `LATIN SMALL LIGATURE OE` -> `oe`,
    /// `LATIN CAPITAL LETTER AE` -> `AE`, `LATIN SMALL LETTER DOTLESS I` -> `i`.
    private static func latinBase(_ name: String) -> [Unicode.Scalar]? {
        let words = name.split(separator: " ")
        guard words.count >= 4, words[0] == "LATIN" else { return nil }
        let small: Bool
        switch words[1] {
        case "SMALL": small = true
        case "CAPITAL": small = false
        default: return nil
        }
        func letters(_ word: Substring) -> [Unicode.Scalar]? {
            guard !word.isEmpty, word.unicodeScalars.allSatisfy({ $0.value >= 0x41 && $0.value <= 0x5A }) else { return nil }
            return word.unicodeScalars.map { small ? Unicode.Scalar($0.value | 0x20)! : $0 }
        }
        if words[2] == "LETTER" {
            if words.count >= 6, words[4] == "WITH", words[3].count == 1 { return letters(words[3]) }
            if words.count == 4, words[3] == "AE" || words[3] == "OE" { return letters(words[3]) }
            if words.count == 5, words[3] == "DOTLESS", words[4] == "I" || words[4] == "J" { return letters(words[4]) }
            return nil
        }
        if words[2] == "LIGATURE", words.count == 4 { return letters(words[3]) }
        return nil
    }

    /// Letters and digits form words; everything else separates them.
    @inline(__always)
    static func isWord(_ v: UInt32) -> Bool {
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A)
        }
        return isWordNonASCII(v)
    }

    static func isWordNonASCII(_ v: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(v) else { return false }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
}

/// A folded string: lowercase scalar values and uppercase flags, with for each folded scalar
/// the offset of the original scalar it came from.
struct FoldedString: Equatable {
    var lower: [UInt32] = []
    var upper: [Bool] = []
    var origin: [Int] = []
    var originalCount = 0

    init(_ text: some StringProtocol) {
        for scalar in text.unicodeScalars {
            for packed in Folding.fold(scalar) {
                lower.append(UInt32(truncatingIfNeeded: packed))
                upper.append(packed & Folding.upperBit != 0)
                origin.append(originalCount)
            }
            originalCount += 1
        }
    }

    var hasUppercase: Bool { upper.contains(true) }
}
