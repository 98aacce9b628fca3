// Who wrote a primary source, what it is, and when: read from its header, whichever form the
// header takes. `Author, Title (Date)` is read by `SourceHeader`; a sentence ("In his
// autobiography Leon Trotsky explained ...") is read by the rules below. Nothing is guessed:
// a field the header does not give stays nil.
//
// A sentence names its author as the subject of a verb of writing or speaking ("Natalya Sedova,
// wrote", "George Seldes wrote", "Trotsky refuted"); "He wrote" names the person named last
// before it in the header; "Lenin to Leon Trotsky ..." names the sender of a message. The
// date of writing is a date in parentheses, a date opening the author's sentence ("In March,
// 1937, Leon Trotsky, wrote"), or the date a work was "published ... in"; any other date in
// the header is a date of the events it is about (`eventDates`). A name is a person of the
// register when the people index found a mention there, or when it is exactly one of a
// person's forms.

/// How the header gives the author.
public enum AuthorBasis: String, CaseIterable, Sendable {
    /// `Author, Title (Date)`.
    case field
    /// The subject of a verb of writing or speaking: "George Seldes wrote".
    case writer
    /// "He wrote ...": the person named last before the pronoun.
    case pronoun
    /// "Lenin to Leon Trotsky ...": the sender of an addressed message.
    case sender
}

/// A person and how many times a text names them.
public struct PersonCount: Hashable, Sendable {
    /// Index in `PeopleIndex.people`.
    public var person: Int
    public var count: Int
    public init(person: Int, count: Int) {
        self.person = person
        self.count = count
    }
}

/// What a source's header says about it. Ranges are scalar offsets into `Source.header`
/// (the header unit's text), so the reader can style them in place.
public struct SourceInfo: Equatable, Sendable {
    /// Index in `Document.sources`.
    public var index: Int
    public var number: Int
    /// As the header writes it ("Lenin", "Natalya Sedova"); nil when it names nobody.
    public var author: String?
    public var authorRange: Range<Int>?
    public var authorBasis: AuthorBasis?
    /// The author as a person of the register (index in `PeopleIndex.people`), if one.
    public var person: Int?
    /// The register id of `person` ("lenin").
    public var personID: String?
    /// The work: its title ("My Life"), the newspaper it appeared in, or the header's
    /// description of it ("letter to Pavel Axelrod on Leon Trotsky").
    public var title: String?
    public var titleRange: Range<Int>?
    /// When it was written or published, as the header states it.
    public var date: StatedDate?
    /// Other dates the header states: those of the events it is about.
    public var eventDates: [StatedDate]
    public var genre: Genre?
    /// The header word that gave the genre ("autobiography", "Guardian").
    public var genreWord: String?
    /// People named in the source (header and text), most named first.
    public var people: [PersonCount]

    public init(index: Int, number: Int, author: String? = nil, authorRange: Range<Int>? = nil,
                authorBasis: AuthorBasis? = nil, person: Int? = nil, personID: String? = nil, title: String? = nil,
                titleRange: Range<Int>? = nil, date: StatedDate? = nil, eventDates: [StatedDate] = [],
                genre: Genre? = nil, genreWord: String? = nil, people: [PersonCount] = []) {
        self.index = index
        self.number = number
        self.author = author
        self.authorRange = authorRange
        self.authorBasis = authorBasis
        self.person = person
        self.personID = personID
        self.title = title
        self.titleRange = titleRange
        self.date = date
        self.eventDates = eventDates
        self.genre = genre
        self.genreWord = genreWord
        self.people = people
    }

    /// The year written, for lists ("1930"), nil when undated.
    public var year: String? { date.map { String($0.key.year) } }

    /// The author in a few letters, for lists: the last word of the register's name when the
    /// author is a registered person ("Lenin" for Vladimir Lenin), else of the header's name.
    public func shortAuthor(people: [Person]) -> String? {
        let name = person.map { people[$0].name } ?? author
        guard let name else { return nil }
        let words = name.split(separator: " ").filter { !PeopleText.nameParticles.contains(String($0)) }
        return words.last.map(String.init) ?? name
    }

    /// The title without its subtitle or trailing description, for lists: "My Life" for
    /// "My Life: An Attempt at an Autobiography", "letter to Pavel Axelrod" for "letter to
    /// Pavel Axelrod on Leon Trotsky".
    public var shortTitle: String? {
        guard var title else { return nil }
        if let colon = title.firstRange(of: ": ") { title = String(title[..<colon.lowerBound]) }
        if let first = title.unicodeScalars.first, !first.properties.isUppercase {
            for joint in [" on ", " about ", " during ", " concerning "] {
                if let cut = title.firstRange(of: joint) { title = String(title[..<cut.lowerBound]) }
            }
        }
        return title
    }
}

/// Reads a header into `SourceInfo`'s fields.
enum HeaderReader {
    struct Token {
        var text: String
        var range: Range<Int>
        var isWord: Bool
        var capitalised: Bool
    }

    struct NameSpan {
        var range: Range<Int>
        var person: Int?
    }

    static let writingVerbs: Set<String> = [
        "wrote", "writes", "explained", "explains", "described", "describes", "said", "says", "recalled", "recalls",
        "argued", "argues", "told", "refuted", "replied", "claimed", "commented", "noted", "reported", "remembered",
        "declared", "stated", "observed", "admitted", "announced", "complained", "answered", "warned", "wrote:",
        "recorded", "published", "testified", "insisted", "added", "spoke", "remarked", "praised", "criticised",
        "criticized", "attacked", "defended", "summed",
    ]
    static let adverbs: Set<String> = ["later", "also", "then", "once", "afterwards", "subsequently", "himself", "herself"]
    static let pronouns: Set<String> = ["He", "She", "he", "she"]
    static let titleJoiners: Set<String> = [
        "of", "the", "and", "a", "an", "in", "at", "to", "for", "on", "as", "by", "with", "from", "or", "de", "la", "le", "von",
    ]
    static let dateOpeners: Set<String> = ["In", "During", "On", "By", "Early", "Late"]

    static func tokens(_ scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        func isLetter(_ s: Unicode.Scalar) -> Bool {
            if s.isASCII { return ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) }
            return s.properties.isAlphabetic
        }
        func isUpper(_ s: Unicode.Scalar) -> Bool { s.isASCII ? ("A"..."Z").contains(s) : s.properties.isUppercase }
        func isSpace(_ s: Unicode.Scalar) -> Bool { s.isASCII ? s == " " || s == "\t" : s.properties.isWhitespace }
        while i < scalars.count {
            let s = scalars[i]
            if isLetter(s) {
                var j = i + 1
                while j < scalars.count {
                    if isLetter(scalars[j]) { j += 1; continue }
                    // Inner apostrophes and hyphens: "Can't", "Trotsky's", "Post-Dispatch".
                    if ["'", "\u{2019}", "-"].contains(scalars[j]), j + 1 < scalars.count, isLetter(scalars[j + 1]) {
                        j += 2
                        continue
                    }
                    break
                }
                let text = String(String.UnicodeScalarView(scalars[i..<j]))
                tokens.append(Token(text: text, range: i..<j, isWord: true, capitalised: isUpper(s)))
                i = j
            } else {
                if !isSpace(s) {
                    tokens.append(Token(text: String(s), range: i..<(i + 1), isWord: false, capitalised: false))
                }
                i += 1
            }
        }
        return tokens
    }

    /// Sentences as token ranges: a full stop ends one when a capitalised word follows and the
    /// word before it is not an initial ("J. T. Murphy") or an abbreviation ("St. Louis").
    static func sentences(_ tokens: [Token]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for (i, token) in tokens.enumerated() where token.text == "." {
            let before = i > 0 ? tokens[i - 1] : nil
            let after = i + 1 < tokens.count ? tokens[i + 1] : nil
            let initial = before.map { $0.isWord && ($0.text.count == 1 || ["St", "Mr", "Mrs", "Dr", "Jr", "Sr", "Mt"].contains($0.text)) } ?? false
            if initial { continue }
            if after == nil || after!.capitalised {
                result.append(start..<(i + 1))
                start = i + 1
            }
        }
        if start < tokens.count { result.append(start..<tokens.count) }
        return result
    }

    struct Reading {
        var author: String?
        var authorRange: Range<Int>?
        var basis: AuthorBasis?
        var person: Int?
        var title: String?
        var titleRange: Range<Int>?
        var date: StatedDate?
        var eventDates: [StatedDate] = []
        var genre: Genre?
        var genreWord: String?
    }

    /// `mentions`: the register's people found in the header (scalar ranges), in order.
    /// `fields`: the header's `Author, Title (Date)` fields as the parser read them
    /// (`SourceHeader.fields`), nil for a sentence.
    static func read(_ header: String, fields: SourceHeader.Fields?, mentions: [NameSpan], people: [Person],
                     scanner: inout WordScanner) -> Reading {
        let scalars = Array(header.unicodeScalars)
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        let tokens = tokens(scalars)
        let dates = DateFinder.statedDates(in: header, scanner: &scanner)
        var reading = Reading()
        var cueRegion: Range<Int> = 0..<tokens.count
        var writingDate: StatedDate?

        func personOf(_ range: Range<Int>) -> Int? {
            if let mention = mentions.first(where: { $0.range.overlaps(range) && $0.person != nil }) { return mention.person }
            let name = text(range)
            let matching = people.indices.filter { people[$0].forms.contains(name) }
            return matching.count == 1 ? matching[0] : nil
        }

        if let fields {
            reading.basis = .field
            reading.author = fields.author
            reading.authorRange = locate(fields.author, in: scalars, from: 0)
            if let title = fields.title, let range = locate(title, in: scalars, from: reading.authorRange?.upperBound ?? 0) {
                reading.title = title
                reading.titleRange = range
                cueRegion = (tokens.firstIndex { $0.range.lowerBound >= range.lowerBound } ?? tokens.count)..<tokens.count
            }
            if let written = fields.date, let range = locate(written, in: scalars, from: reading.titleRange?.upperBound ?? 0) {
                writingDate = dates.last { range.contains($0.range.lowerBound) }
            }
        } else {
            let sentences = sentences(tokens)
            // Names: the register's mentions, else capitalised words that look like a name.
            var names = mentions
            for run in capitalisedNames(tokens) where !names.contains(where: { $0.range.overlaps(run) }) {
                names.append(NameSpan(range: run, person: nil))
            }
            names.sort { $0.range.lowerBound < $1.range.lowerBound }
            func nameEnding(at token: Int) -> NameSpan? {
                let end = tokens[token].range.upperBound
                // "Trotsky's" ends the token; the mention stops before the apostrophe.
                return names.last { $0.range.upperBound == end || ($0.range.upperBound < end && $0.range.upperBound > tokens[token].range.lowerBound && tokens[token].text.hasSuffix("'s")) }
            }
            var authorSentence: Range<Int>?
            search: for sentence in sentences {
                for v in sentence where tokens[v].isWord && writingVerbs.contains(tokens[v].text) {
                    var s = v - 1
                    while s >= sentence.lowerBound && (tokens[s].text == "," || adverbs.contains(tokens[s].text)) { s -= 1 }
                    guard s >= sentence.lowerBound, tokens[s].isWord else { continue }
                    if pronouns.contains(tokens[s].text) {
                        let before = tokens[s].range.lowerBound
                        if let named = names.last(where: { $0.range.upperBound <= before && looksLikePerson($0, tokens: tokens) }) {
                            reading.authorRange = named.range
                            reading.person = named.person
                            reading.basis = .pronoun
                            authorSentence = sentence
                            break search
                        }
                    } else if let named = nameEnding(at: s), !tokens[s].text.hasSuffix("'s") || named.range.upperBound == tokens[s].range.upperBound {
                        reading.authorRange = named.range
                        reading.person = named.person
                        reading.basis = .writer
                        authorSentence = sentence
                        break search
                    }
                }
            }
            // "Lenin to Leon Trotsky after hearing ...": a message from the first to the second.
            if reading.authorRange == nil, let first = sentences.first, tokens.count > 2 {
                if let sender = names.first, sender.range.lowerBound == tokens[first.lowerBound].range.lowerBound,
                   let to = tokens.firstIndex(where: { $0.range.lowerBound >= sender.range.upperBound }),
                   tokens[to].text == "to", to + 1 < tokens.count,
                   names.contains(where: { $0.range.lowerBound == tokens[to + 1].range.lowerBound }) {
                    reading.authorRange = sender.range
                    reading.person = sender.person
                    reading.basis = .sender
                    authorSentence = first
                    reading.genre = .message
                }
            }
            if let range = reading.authorRange { reading.author = text(range) }
            cueRegion = authorSentence ?? sentences.first ?? 0..<0
            // The work: named after a genre word ("his book Silhouettes", "an article,
            // Amoralism and Kronstadt"), or "in <Title> (date)", or a title naming its genre.
            let avoid = names.filter { $0.person != nil }.map(\.range) + [reading.authorRange].compactMap { $0 }
            if let (range, _) = namedWork(tokens, in: cueRegion, avoiding: avoid)
                ?? namedWork(tokens, in: 0..<tokens.count, avoiding: avoid) {
                reading.title = text(range)
                reading.titleRange = range
            }
            // The date of writing: in parentheses, opening the author's sentence, or "published in".
            if let parenthesised = dates.last(where: { date in
                let open = tokens.lastIndex { $0.range.upperBound <= date.range.lowerBound }
                let close = tokens.firstIndex { $0.range.lowerBound >= date.range.upperBound }
                return open.map { tokens[$0].text == "(" } == true && close.map { tokens[$0].text == ")" } == true
            }) {
                writingDate = parenthesised
            } else if let sentence = authorSentence, let authorStart = reading.authorRange?.lowerBound,
                      dateOpeners.contains(tokens[sentence.lowerBound].text),
                      let opening = dates.first(where: { $0.range.lowerBound > tokens[sentence.lowerBound].range.lowerBound
                                                         && $0.range.upperBound <= authorStart
                                                         && $0.range.lowerBound <= tokens[sentence.lowerBound].range.upperBound + 2 }) {
                writingDate = opening
            } else {
                for sentence in sentences where sentence.contains(where: { tokens[$0].text == "published" }) {
                    let published = sentence.first { tokens[$0].text == "published" }!
                    if let date = dates.first(where: { $0.range.lowerBound > tokens[published].range.upperBound
                                                       && $0.range.upperBound <= tokens[sentence.upperBound - 1].range.upperBound }) {
                        writingDate = date
                        break
                    }
                }
            }
        }
        if let range = reading.authorRange, reading.person == nil { reading.person = personOf(range) }
        reading.date = writingDate
        reading.eventDates = dates.filter { $0 != writingDate }
        if reading.genre == nil || reading.genre == .message {
            if let (genre, word) = genre(tokens, in: cueRegion, titleRange: reading.titleRange),
               reading.genre == nil || genre == .letter || genre == .telegram {
                reading.genre = genre
                reading.genreWord = word
            }
        }
        return reading
    }

    static func locate(_ needle: String, in scalars: [Unicode.Scalar], from: Int) -> Range<Int>? {
        let target = Array(needle.unicodeScalars)
        guard !target.isEmpty, target.count <= scalars.count else { return nil }
        var start = from
        while start + target.count <= scalars.count {
            if scalars[start] == target[0] && Array(scalars[start..<(start + target.count)]) == target {
                return start..<(start + target.count)
            }
            start += 1
        }
        return nil
    }

    /// A mention of the register, or two or more capitalised words that are not a thing.
    static func looksLikePerson(_ name: NameSpan, tokens: [Token]) -> Bool {
        if name.person != nil { return true }
        let words = tokens.filter { $0.isWord && name.range.contains($0.range.lowerBound) }
        return words.count >= 2
    }

    /// Runs of capitalised words that may be a person's name: up to four words, none a
    /// sentence opener, month or thing word, not after "the".
    static func capitalisedNames(_ tokens: [Token]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var i = 0
        while i < tokens.count {
            guard tokens[i].isWord, tokens[i].capitalised else { i += 1; continue }
            var j = i
            var words: [Token] = []
            while j < tokens.count {
                let t = tokens[j]
                if t.isWord && t.capitalised { words.append(t); j += 1; continue }
                // Initials: "J. T. Murphy".
                if t.text == ".", let last = words.last, last.text.count == 1 { j += 1; continue }
                break
            }
            // "The Weekly Gazette", "the Central Powers": things, not people.
            let afterThe = (i > 0 && ["the", "The"].contains(tokens[i - 1].text)) || ["The", "A", "An"].contains(words.first?.text ?? "")
                || words.contains { $0.text.lowercased().split(separator: "-").contains { Genre.newspaperWords.contains(String($0)) } }
            var names = words.filter { !SourceHeader.sentenceOpeners.contains($0.text) && !PeopleSuggester.months.contains($0.text) }
            if let thing = names.lastIndex(where: { PeopleSuggester.thingWords.contains($0.text) }) {
                names = Array(names[(thing + 1)...])
            }
            names = names.map { var t = $0; if t.text.hasSuffix("'s") { t.range = t.range.lowerBound..<(t.range.upperBound - 2) }; return t }
            if !afterThe, let first = names.first, let last = names.last, (1...4).contains(names.count) {
                runs.append(first.range.lowerBound..<last.range.upperBound)
            }
            i = max(j, i + 1)
        }
        return runs
    }

    /// A title: capitalised words, with small joining words between them.
    static func titleRun(_ tokens: [Token], from start: Int, limit: Int) -> Range<Int>? {
        var i = start
        if i < limit, ["the"].contains(tokens[i].text) { i += 1 }
        guard i < limit, tokens[i].isWord, tokens[i].capitalised else { return nil }
        let first = i
        var last = i
        var j = i + 1
        while j < limit {
            let t = tokens[j]
            if t.isWord && (t.capitalised || t.text.first?.isNumber == true) { last = j; j += 1; continue }
            if t.isWord && titleJoiners.contains(t.text) { j += 1; continue }
            if ["!", "?"].contains(t.text), t.range.lowerBound == tokens[j - 1].range.upperBound { last = j; j += 1; continue }
            if t.text == ":" { j += 1; continue }
            break
        }
        return tokens[first].range.lowerBound..<tokens[last].range.upperBound
    }

    /// A work named in `region`, never overlapping the names in `avoiding` (the author's).
    static func namedWork(_ tokens: [Token], in region: Range<Int>, avoiding: [Range<Int>]) -> (Range<Int>, Genre?)? {
        func titleRun(_ tokens: [Token], from start: Int, limit: Int) -> Range<Int>? {
            guard let run = HeaderReader.titleRun(tokens, from: start, limit: limit),
                  !avoiding.contains(where: { $0.overlaps(run) }) else { return nil }
            return run
        }
        for i in region where tokens[i].isWord {
            let word = tokens[i].text
            if !tokens[i].capitalised, let genre = Genre.cues[word] {
                var next = i + 1
                if next < region.upperBound, tokens[next].text == "," { next += 1 }
                if let run = titleRun(tokens, from: next, limit: region.upperBound) { return (run, genre) }
            }
            if word == "in", let run = titleRun(tokens, from: i + 1, limit: region.upperBound),
               let after = tokens.firstIndex(where: { $0.range.lowerBound >= run.upperBound }), tokens[after].text == "(" {
                return (run, nil)
            }
        }
        for i in region where tokens[i].isWord && tokens[i].capitalised {
            if let run = titleRun(tokens, from: i, limit: region.upperBound) {
                let inside = tokens.filter { $0.isWord && run.contains($0.range.lowerBound) }
                if inside.contains(where: { Genre.titleWords[$0.text.lowercased()] != nil && $0.capitalised }) {
                    // Start the title at "The" when the run follows it at the start of a sentence.
                    var start = run.lowerBound
                    if i > region.lowerBound, tokens[i - 1].text == "The" { start = tokens[i - 1].range.lowerBound }
                    return (start..<run.upperBound, nil)
                }
            }
        }
        return nil
    }

    /// The most specific genre stated in the tokens of `region` (and in the title).
    static func genre(_ tokens: [Token], in region: Range<Int>, titleRange: Range<Int>?) -> (Genre, String)? {
        var best: (Genre, String)?
        func consider(_ genre: Genre, _ word: String) {
            if best == nil || genre.specificity > best!.0.specificity { best = (genre, word) }
        }
        var indices = Array(region)
        if let titleRange {
            indices += tokens.indices.filter { titleRange.contains(tokens[$0].range.lowerBound) && !region.contains($0) }
        }
        for i in indices where tokens[i].isWord {
            let word = tokens[i].text
            let lower = word.lowercased()
            if tokens[i].capitalised {
                if let genre = Genre.titleWords[lower] { consider(genre, word) }
                let parts = lower.split(separator: "-").map(String.init)
                if parts.contains(where: Genre.newspaperWords.contains), i + 1 < tokens.count || i > 0 {
                    // A newspaper's name: the capitalised word belongs to a run of two or more
                    // ("The Daily News", "Manchester Guardian", "Post-Dispatch").
                    let inRun = (i > 0 && tokens[i - 1].isWord && tokens[i - 1].capitalised && i - 1 >= region.lowerBound)
                        || (i + 1 < tokens.count && tokens[i + 1].isWord && tokens[i + 1].capitalised) || parts.count > 1
                    if inRun { consider(.newspaper, word) }
                }
            } else if let genre = Genre.cues[word] {
                // "in order to" is not an order.
                if word == "order", i > 0, tokens[i - 1].text == "in", i + 1 < tokens.count, tokens[i + 1].text == "to" { continue }
                consider(genre, word)
            }
        }
        return best
    }
}
