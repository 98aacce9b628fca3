/// Small books written for the people proposer's tests, each in the manner of a kind of book
/// it met: a nineteenth-century novel, a composer's biography, a scripture. Each holds the
/// traps seen on real public-domain books (see `PeopleProposerTests`).
enum PeopleFixtures {
    static let novel = """
        The Thornbys of Ashcombe

        Chapter I

        Mr. Thornby was a gentleman of small fortune and large opinions, and Mrs. Thornby had long \
        since ceased to contradict either. Their daughter, Miss Thornby, was thought the handsomest \
        girl in the county, and she knew it. Mr. Thornby said that beauty was a poor sort of fortune. \
        Thornby was not often right, but he was right in this.

        Poor Jane Ellery had no fortune at all. She lived with her aunt at Bath, and walked every \
        morning to the pump-room with a book she did not read. Jane said that the waters did her no \
        good; her aunt said that Jane was ungrateful, and both were a little right.

        Whenever Charlotte Vane came to Bath the house was merry. Charlotte laughed at everything, \
        at the rain, at the doctor, at Dr. Pellow himself, who bore it patiently. "Charlotte, you \
        will be the death of me," said Dr. Pellow. "I'll be the making of you," she answered.

        Chapter II

        Meanwhile Captain Harville had come home from the sea. Harville went first to his sister at \
        Lyme, then to Ashcombe, where Mr. Thornby received him in the library. "You have been at \
        sea too long, Harville," said Thornby. "I have been at sea exactly long enough," replied \
        Harville, "and I'll not go again." Poor Harville! He did not know what Ashcombe held.

        Miss Thornby received him in the drawing-room. Miss Thornby was not pleased to be kept \
        waiting, and Thornby, who had kept her waiting, said nothing at all. Don't think that she \
        forgave it.

        "Tobias, bring the lamp," said Mrs. Thornby. Tobias went for the lamp, and Tobias came back \
        without it. Tobias said that the lamp was broken. Tobias, who had broken it, looked at the \
        floor. "Tobias!" cried Miss Thornby.

        Grimsby kept the garden at Ashcombe. He had kept it for forty years. Grimsby disliked \
        visitors. He disliked the Thornbys most of all. Ashcombe was a cold house. It stood on a \
        hill above the river.

        Chapter III

        Old Mr. Harrow was the oldest man in the parish, and his son Edmund Harrow the idlest. Edmund \
        Harrow rode to Lyme every week, and Edmund Harrow came back every week with nothing. Mr. \
        Harrow said that his son would come to no good. Mr. Harrow was right. He had two sons, \
        Edmund Harrow (1790) and Giles Harrow (1794), and a daughter who had married well.

        Uncle Morley, who had quarrelled with everyone, lived alone at the lodge. His nephew Arthur \
        Morley went to see him on Sundays. Arthur Morley said his uncle was a kind man at heart. \
        Uncle Morley said that Arthur Morley was a fool, and Uncle Morley was seldom wrong about fools.

        Years later a farce was played at Lyme, called Harville Rides, and nobody laughed.

        O Charlotte, how little you knew! Charlotte Vane married Captain Harville in the spring, at \
        Lyme, and Jane Ellery was her bridesmaid. Whenever Jane spoke of it afterwards she wept.

        """

    static let biography = """
        A Life of Mozart

        Childhood

        Wolfgang Amadeus Mozart was born at Salzburg in 1756. Mozart played before he could read, \
        and Mozart composed before he could write. His sister Nannerl played with him; Nannerl said \
        that he cried when a note was false.

        His father Leopold Mozart was a violinist in the archbishop's orchestra, and a stern \
        teacher. Leopold Mozart wrote a famous method for the violin.

        In 1762 the family travelled to Vienna, then to Munich and to Paris. At Vienna the boy played \
        for the empress. Leopold Mozart kept accounts of every coin. In Paris they met Grimm, who \
        wrote of the child in his letters; Grimm said that he had seen a miracle.

        Vienna

        In 1781 Mozart went to Vienna for good. Mozart married Constanze Weber there, and Constanze \
        kept the house as well as she could, which was not well. Haydn came often; Haydn said to \
        Leopold Mozart that his son was the greatest composer he knew. Leopold Mozart wept.

        The operas came quickly. Don Giovanni (1787) was given at Prague, and the city loved it as \
        Vienna had not. The Magic Flute (1791) followed. Mozart wrote the Requiem Mass in his last \
        months, and Mozart did not finish it. Salieri, who was jealous, asked after his health.

        Goethe, who heard him as a child at Frankfurt, remembered him long after. Goethe said that \
        he remembered the little man with his wig and sword. Goethe's memory was good. Years later \
        Beethoven wrote the Ninth Symphony, and Beethoven said that Mozart had shown the way. The \
        Ninth Symphony was first heard at Vienna in 1824.

        """

    static let scripture = """
        The Book of the Wandering

        Chapter 1

        1 And Moses went up from the plains of Moab, and Moses said unto the people, Hear, O Israel: \
        the land is before you. 2 And the children of Israel wept for Moses in the plains of Moab. \
        3 And Joshua the son of Nun was full of the spirit of wisdom; and Joshua said unto the \
        people, Sanctify yourselves. 4 Howbeit Moses was not forgotten.

        5 And Aaron went with them; and Aaron spake unto the elders. 6 And they came to Jericho, and \
        the walls of Jericho fell down flat. 7 And the Philistines heard it, and the Philistines were \
        afraid. 8 Then Joshua rose early in the morning, and they removed from Shittim, and came to \
        Jordan.

        Chapter 2

        1 And it came to pass, when the people were come out of Egypt, that Miriam the sister of \
        Aaron took a timbrel in her hand. 2 And Miriam answered them, Sing ye to the Lord. 3 O \
        Jerusalem, thy walls are far. 4 And Caleb the son of Jephunneh said, Let us go up at once. \
        5 And Caleb went up into Hebron, and dwelt in Hebron. 6 Howbeit Joshua was with him. \
        7 Nevertheless Moses, who was meek above all men, prayed for them in Egypt and in the \
        wilderness. 8 And Moses died there, in the land of Moab.

        """
}
