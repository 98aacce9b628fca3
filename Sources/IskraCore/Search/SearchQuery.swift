// The query language, parsed from whatever has been typed so far. Parsing never fails: an
// unfinished query (an unclosed quote, a lone `-`, `in:` with nothing after it) simply means
// less, so live search can run on every keystroke.
//
//   word          a word starting with these letters (`kronst` finds Kronstadt)
//   two words     both must appear in the same paragraph; every occurrence is a hit
//   "a phrase"    these words in this order, next to each other (punctuation between is fine);
//                 a quote opens a phrase only at the start of a term (`below,"` is a plain term)
//   -word         leave out paragraphs that contain the word (or `-"a phrase"`)
//   in:sources    only the primary sources (`in:chapters`: only the narrative chapters)
//   by:name       only the sources whose author matches (the caller resolves the names, with
//                 the sources' metadata: `SourceCatalog.sources(byAuthor:people:)`)
//
// Case is ignored unless the query contains a capital letter. Accents, curly quotes, dashes
// and ligatures never matter: `emigre` finds `émigrés`, `'` finds `’`, `-` finds `–`.

public enum SearchScope: Equatable, Sendable {
    case everywhere
    /// The narrative: chapter headings, paragraphs and figures (not the title line).
    case chapters
    /// The primary-sources heading, its preamble and the numbered sources.
    case sources
}

/// One thing to look for.
public struct SearchTerm: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Unquoted: the folded text must start at a word start; punctuation inside it counts.
        case word
        /// Quoted: its words, in order, adjacent; punctuation between words is ignored.
        case phrase
    }

    public var kind: Kind
    /// The text as typed (without quotes or the leading `-`).
    public var text: String
    public var excluded: Bool

    var folded: FoldedString
    /// Word tokens of the folded text (lowercase scalars), in order.
    var tokens: [[UInt32]]
    /// A phrase's words as typed, each folded (for matching people's names word by word).
    var words: [FoldedString]

    init(kind: Kind, text: String, excluded: Bool) {
        self.kind = kind
        self.text = text
        self.excluded = excluded
        self.folded = FoldedString(text)
        var tokens: [[UInt32]] = []
        var current: [UInt32] = []
        for v in folded.lower {
            if Folding.isWord(v) {
                current.append(v)
            } else if !current.isEmpty {
                tokens.append(current)
                current = []
            }
        }
        if !current.isEmpty { tokens.append(current) }
        self.tokens = tokens
        self.words = kind == .phrase ? text.split(separator: " ").map(FoldedString.init) : []
    }

    /// True when the term can match nothing useful (only spaces, or an empty phrase).
    var isVacuous: Bool {
        switch kind {
        case .word: return folded.lower.allSatisfy { $0 == 0x20 }
        case .phrase: return tokens.isEmpty
        }
    }
}

public struct SearchQuery: Equatable, Sendable {
    public var text: String
    public var terms: [SearchTerm]
    public var scope: SearchScope
    /// True when the query has a capital letter: then case must match exactly.
    public var caseSensitive: Bool
    /// Parts of the query that were ignored (`in:xyz`, a lone `-`), for the UI to mention.
    public var ignored: [String]
    /// `by:NAME`: the sources' authors wanted (each must match), as typed.
    public var authors: [String]

    public var positiveTerms: [SearchTerm] { terms.filter { !$0.excluded } }
    public var excludedTerms: [SearchTerm] { terms.filter(\.excluded) }
    /// Nothing to look for: the results are empty.
    public var isEmpty: Bool { positiveTerms.isEmpty }

    public init(_ text: String) {
        self.text = text
        var terms: [SearchTerm] = []
        var scope = SearchScope.everywhere
        var scopeWord: String?
        var ignored: [String] = []
        var authors: [String] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }
        func isQuote(_ s: Unicode.Scalar) -> Bool { s == "\"" || s == "\u{201C}" || s == "\u{201D}" || s == "\u{201E}" }
        func string(_ range: Range<Int>) -> String {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[range])
            return String(out)
        }
        while i < scalars.count {
            if isSpace(scalars[i]) { i += 1; continue }
            var excluded = false
            if scalars[i] == "-" {
                // `-word` excludes; a lone `-` (or `-` before a space) is ignored while typing.
                if i + 1 >= scalars.count || isSpace(scalars[i + 1]) {
                    ignored.append("-")
                    i += 1
                    continue
                }
                excluded = true
                i += 1
            }
            if isQuote(scalars[i]) {
                var j = i + 1
                while j < scalars.count && !isQuote(scalars[j]) { j += 1 }
                let term = SearchTerm(kind: .phrase, text: string(i + 1 ..< j), excluded: excluded)
                if !term.isVacuous { terms.append(term) }
                i = min(j + 1, scalars.count)
                continue
            }
            var j = i
            // A quote inside or after a word is part of it (`below,"` finds `below,”`).
            while j < scalars.count && !isSpace(scalars[j]) { j += 1 }
            let word = string(i ..< j)
            i = j
            if word.lowercased().hasPrefix("by:") {
                let name = String(word.dropFirst(3))
                if excluded || name.isEmpty { ignored.append(excluded ? "-" + word : word) } else { authors.append(name) }
                continue
            }
            if word.hasPrefix("in:") {
                let value = String(word.dropFirst(3)).lowercased()
                if excluded || value.isEmpty {
                    ignored.append(excluded ? "-" + word : word)
                } else if "sources".hasPrefix(value) || "chapters".hasPrefix(value) {
                    // Two scopes cannot both hold: the last one typed counts.
                    if let earlier = scopeWord { ignored.append(earlier) }
                    scopeWord = word
                    scope = "sources".hasPrefix(value) ? .sources : .chapters
                } else {
                    ignored.append(word)
                }
                continue
            }
            let term = SearchTerm(kind: .word, text: word, excluded: excluded)
            if !term.isVacuous { terms.append(term) }
        }
        self.terms = terms
        self.scope = scope
        self.ignored = ignored
        self.authors = authors
        self.caseSensitive = terms.contains { $0.folded.hasUppercase }
    }
}
