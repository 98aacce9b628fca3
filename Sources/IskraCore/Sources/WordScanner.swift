// Words of a text folded once into hashes, for comparing texts quickly: the evidence links
// (shared runs of words between the narrative and the sources) and the dates in a text.
// Folding is search's (`FoldTable`): accents, ligatures, curly quotes and case do not matter,
// so "émigré" and "emigre" are the same word. A word is a run of letters and digits; an
// apostrophe splits it ("Trotsky's" is "trotsky" "s"), the same way on both sides.

/// The words of one text: for each, its folded hash, where it stands (scalar offsets into the
/// text, as mentions and search hits give them) and what the comparisons need to know.
struct ScannedWords {
    var hashes: [UInt64] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    /// The word starts with an upper-case letter.
    var capitalised: [Bool] = []
    /// The value of a word made of digits with an optional ordinal suffix ("1917", "7th"),
    /// -1 otherwise; `digitCount` says how many digits it had.
    var numbers: [Int32] = []
    var digitCounts: [UInt8] = []
    /// The word stands between double quotation marks (straight or curly) in its text.
    var quoted: [Bool] = []

    var count: Int { hashes.count }
}

/// Turns texts into `ScannedWords`, keeping the folding table of the non-ASCII scalars seen.
struct WordScanner {
    private var table = FoldTable()

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// The hash a word gets once folded: FNV-1a over its lower-case folded scalar values.
    static func hash(ofFolded word: some Sequence<UInt32>) -> UInt64 {
        var h = offsetBasis
        for v in word { h = (h ^ UInt64(v)) &* prime }
        return h
    }

    /// The hash of a plain lower-case ASCII word ("november"), as a text's word would get it.
    static func hash(ofASCII word: String) -> UInt64 { hash(ofFolded: word.unicodeScalars.map(\.value)) }

    mutating func scan(_ text: String) -> ScannedWords {
        var words = ScannedWords()
        var inWord = false
        var h = WordScanner.offsetBasis
        var start = 0
        var number: Int32 = 0
        var digits = 0
        var suffix = 0          // letters after the digits
        var other = false       // letters before digits, or digits after letters
        var offset = 0
        var quoteOpen = false
        var caps = false

        func finish(_ end: Int) {
            words.hashes.append(h)
            words.starts.append(Int32(start))
            words.ends.append(Int32(end))
            words.capitalised.append(caps)
            let isNumber = digits > 0 && !other && suffix <= 2 && digits <= 9
            words.numbers.append(isNumber ? number : -1)
            words.digitCounts.append(UInt8(min(digits, 255)))
            words.quoted.append(quoteOpen)
        }

        @inline(__always) func add(_ packed: UInt64, isWord: Bool) {
            let lower = UInt32(truncatingIfNeeded: packed)
            if isWord {
                if !inWord {
                    inWord = true
                    h = WordScanner.offsetBasis
                    start = offset
                    number = 0; digits = 0; suffix = 0; other = false
                    caps = packed & Folding.upperBit != 0
                }
                h = (h ^ UInt64(lower)) &* WordScanner.prime
                if lower >= 0x30 && lower <= 0x39 {
                    if suffix > 0 { other = true }
                    if digits < 9 { number = number * 10 + Int32(lower - 0x30) }
                    digits += 1
                } else if digits == 0 {
                    other = true
                } else {
                    suffix += 1
                }
            } else {
                if inWord { finish(offset); inWord = false }
                // Double quotation marks open and close quotations: “ and ” say which they
                // are, a straight one toggles.
                if lower == 0x22 { quoteOpen.toggle() }
            }
        }

        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let packed = FoldTable.foldASCII(UInt8(v))
                add(packed & ~FoldTable.wordBit, isWord: packed & FoldTable.wordBit != 0)
            } else if v == 0x201C || v == 0x201E {
                if inWord { finish(offset); inWord = false }
                quoteOpen = true
            } else if v == 0x201D {
                if inWord { finish(offset); inWord = false }
                quoteOpen = false
            } else {
                let run = table.add(v)
                if run.count == 0 {
                    // Marks and invisible characters vanish inside a word, as search folds them.
                } else {
                    for k in run.start..<(run.start + run.count) {
                        let packed = table.values[k]
                        add(packed & ~FoldTable.wordBit, isWord: packed & FoldTable.wordBit != 0)
                    }
                }
            }
            offset += 1
        }
        if inWord { finish(offset) }
        return words
    }
}
