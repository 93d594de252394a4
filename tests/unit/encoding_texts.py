"""Real-ish texts in legacy encodings, written for these tests: Markdown articles with front matter,
short and long, and one-liners. Used by test_encoding.py and bench/encoding_bench.py."""

from __future__ import annotations

from collections.abc import Iterator

ZH_HANS_LONG = """\
---
title: 老街改造后的第一个春天
date: 2024-04-18
tags: [城市, 生活]
---

# 老街改造后的第一个春天

经过一年多的施工，城南的老街终于在三月底重新开放。原来坑洼不平的石板路换成了新的青石，
两边的木门窗也按照旧照片重新做了一遍。

周末的早上，街口的早点铺又排起了长队。老板说，很多搬走的老邻居专门回来看看，
买一碗豆浆、两根油条，站在门口聊上半个小时。

> 我们不想把它变成一个只给游客拍照的地方。

负责设计的团队表示，改造时保留了大部分原住户，也没有引入连锁品牌。接下来，
区里还计划在附近开一家社区书店和一个小型的老人活动中心。

- 开放时间：每天早上七点到晚上十点
- 交通：地铁二号线城南站，步行五分钟
"""

ZH_HANT_LONG = """\
---
title: 山城裡的老茶行
date: 2023-11-20
tags: [茶, 歷史]
---

# 山城裡的老茶行

這家茶行已經在山城的轉角開了七十多年。第三代的老闆每天清晨五點起床，
先把前一天收來的茶葉攤開，再一籃一籃地搬到後院的竹架上。

他說，做茶最重要的是耐心。天氣太濕的時候，寧可多等兩天，也不能急著烘焙。
很多熟客從外縣市開車過來，只為了買一斤他親手焙的烏龍。

> 這些年機器越來越好用，但是味道還是要靠人的鼻子來判斷。

最近，他的女兒開始在網路上介紹家裡的茶，也吸引了不少年輕人專程來參觀。
每逢週末，店裡總是擠滿了人，大家圍著老闆聽他講從前的故事。
"""

JA_LONG = """\
---
title: 雨の日の図書館
date: 2024-06-12
tags: [暮らし, 本]
---

# 雨の日の図書館

梅雨に入ってから、近所の図書館はいつもより混んでいる。雨の音を聞きながら本を読むのが
好きだという人が、意外と多いらしい。

入口の近くには、司書さんが選んだ「雨の日に読みたい本」のコーナーがある。絵本から
ミステリーまで、いろいろなジャンルの本が並んでいて、見ているだけでも楽しい。

> 静かな場所で、ゆっくり時間を過ごしてほしいと思っています。

館長によると、夏休みには子ども向けの読み聞かせ会も予定しているそうだ。
参加は無料で、申し込みは来月から受け付ける。
"""

KO_LONG = """\
---
title: 겨울 바다를 걷다
date: 2024-01-22
tags: [여행, 바다]
---

# 겨울 바다를 걷다

겨울의 바닷가는 생각보다 조용하다. 여름에는 사람들로 가득하던 모래사장이 지금은
갈매기 몇 마리와 산책하는 사람들만 남아 있다.

해변 근처의 작은 카페 주인은 겨울이 오히려 더 좋다고 말한다. 손님은 적지만
창밖으로 파도를 바라보며 천천히 이야기를 나눌 수 있기 때문이다.

> 바다는 계절마다 다른 얼굴을 보여 줍니다.

올해부터는 지역 주민들이 함께 해변 청소를 하는 모임도 생겼다. 매달 첫째 주
토요일 아침에 모여 두 시간 정도 쓰레기를 줍고, 따뜻한 차를 나눠 마신다.
"""

FR_LONG = """\
---
title: « Un café, s’il vous plaît »
date: 2024-07-01
tags: [café, société]
---

# Un café, s’il vous plaît

Dans ce petit café près de la gare, le prix de l’expresso n’a pas bougé depuis dix ans : 1,20 €.
Le patron, arrivé de Lyon en 1998, connaît presque tous ses clients par leur prénom.

« Ici, on prend le temps », explique-t-il en essuyant le comptoir. Les étudiants révisent
leurs cours, les retraités lisent le journal et les voyageurs pressés repartent déjà.

Été comme hiver, la terrasse reste ouverte ; on y croise même des chats du quartier.
"""

DE_LONG = """\
---
title: Grüße aus dem Schwarzwald
date: 2023-10-03
tags: [Reise, Natur]
---

# Grüße aus dem Schwarzwald

Im Herbst färben sich die Wälder über Freiburg gelb und rot. Wir sind früh am Morgen
losgegangen, über schmale Pfade und an plätschernden Bächen vorbei.

Mittags gab es in einer kleinen Hütte Käsespätzle und einen heißen Tee – genau das Richtige
nach drei Stunden Wanderung. Die Wirtin erzählte, dass ihre Großmutter die Hütte gebaut hat.

„Man muss nur langsam genug gehen“, sagte sie, „dann sieht man alles.“
"""

RU_LONG = """\
---
title: Осенний парк
---

# Осенний парк

В субботу мы гуляли по старому парку. Листья уже пожелтели, и дорожки были покрыты
мягким золотым ковром. Дети собирали каштаны, а пожилые люди читали газеты на скамейках.
"""

PARA_ZH = """\
---
title: 社区新闻
date: 2024-05-06
---

本周六上午，社区服务中心将举办一场免费的健康讲座，主讲人是市人民医院的王医生。讲座内容包括高血压的预防、日常饮食的注意事项以及适合老年人的运动方式。欢迎大家带上家人一起参加。
"""

PARA_HANT = """\
---
title: 社區新聞
date: 2024-05-06
---

本週六上午，社區服務中心將舉辦一場免費的健康講座，主講人是市立醫院的王醫師。講座內容包括高血壓的預防、日常飲食的注意事項以及適合長者的運動方式。歡迎大家帶著家人一起參加。
"""

PARA_JA = """\
---
title: 地域のお知らせ
date: 2024-05-06
---

今週の土曜日の午前、地域センターで無料の健康講座が開かれます。講師は市民病院の山本先生で、高血圧の予防や毎日の食事の注意点、高齢者に合った運動について話します。ご家族と一緒にぜひご参加ください。
"""

PARA_KO = """\
---
title: 동네 소식
date: 2024-05-06
---

이번 주 토요일 오전, 주민센터에서 무료 건강 강좌가 열립니다.
강사는 시립병원의 김 선생님이며, 고혈압 예방과 평소 식사 때 주의할 점,
어르신에게 맞는 운동에 대해 이야기합니다. 가족과 함께 꼭 참석해 주세요.
"""

PARA_FR = """\
---
title: Nouvelles du quartier
date: 2024-05-06
---

Samedi matin, le centre social organise une conférence gratuite sur la santé,
animée par le docteur Lefèvre de l’hôpital municipal.
Il y sera question de prévention, d’alimentation et d’exercices adaptés aux aînés.
"""


# (encoding, text) pairs every legacy reading must get right.
ARTICLES = [
    ("gb18030", ZH_HANS_LONG),
    ("gbk", ZH_HANS_LONG),
    ("gb18030", PARA_ZH),
    ("big5", ZH_HANT_LONG),
    ("big5", PARA_HANT),
    ("shift_jis", JA_LONG),
    ("cp932", PARA_JA),
    ("euc_jp", JA_LONG),
    ("euc_jp", PARA_JA),
    ("euc_kr", KO_LONG),
    ("euc_kr", PARA_KO),
    ("cp1252", FR_LONG),
    ("cp1252", PARA_FR),
    ("cp1252", DE_LONG),
    ("latin-1", PARA_FR.replace("’", "'")),
    ("latin-1", DE_LONG.replace("–", "-").replace("„", '"').replace("“", '"')),
]

ZH_HANS_LINES = [
    "今天天气很好。",
    "下午三点开会。",
    "中文",
    "你好。",
    "标题",
    "笔记",
    "国标编码的文章",
    "我们明天去公园散步。",
    "这本书很有意思。",
    "新闻",
    "城市交通",
    "他在图书馆看书。",
    "春节快乐！",
    "价格上涨了百分之五。",
    "学习",
    "会议记录",
    "明天上午有小雨，下午转晴。",
    "这家餐厅的面条非常好吃。",
    "公司今年的销售额增长了两成。",
    "孩子们在操场上踢足球。",
    "请把窗户关上，外面太冷了。",
    "地铁三号线将于年底开通。",
    "博物馆周一闭馆。",
    "周末一起去爬山吧",
    "手机没电了",
    "数据分析报告",
    "我的读书笔记",
    "工作总结",
]

ZH_HANT_LINES = [
    "今天很熱。",
    "下午三點開會。",
    "筆記",
    "你好。",
    "標題",
    "會議紀錄",
    "颱風",
    "臺灣",
    "我們明天去公園散步。",
    "這本書很有意思。",
    "新聞",
    "城市交通",
    "他在圖書館看書。",
    "春節快樂！",
    "價格上漲了百分之五。",
    "學習",
    "明天上午有小雨，下午轉晴。",
    "這家餐廳的麵條非常好吃。",
    "公司今年的銷售額增長了兩成。",
    "孩子們在操場上踢足球。",
    "請把窗戶關上，外面太冷了。",
    "捷運新路線將於年底通車。",
    "博物館週一休館。",
    "週末一起去爬山吧",
    "手機沒電了",
    "資料分析報告",
    "我的讀書筆記",
    "工作總結",
]

JA_LINES = [
    "こんにちは。",
    "午後三時に会議があります。",
    "日本語",
    "東京",
    "メモ",
    "会議",
    "明日は雨が降るでしょう。",
    "駅前の本屋",
    "ありがとうございます。",
    "新しいカメラを買いました。",
    "天気予報",
    "大阪",
    "猫が好きです。",
    "お知らせ",
    "山田さん",
    "料理",
    "明日の午前中は小雨が降るでしょう。",
    "このお店のラーメンはとてもおいしいです。",
    "子どもたちが校庭でサッカーをしています。",
    "窓を閉めてください、外は寒いです。",
    "新しい路線は年末に開通します。",
    "博物館は月曜日が休館です。",
    "週末に山登りに行こう",
    "携帯の電池が切れた",
    "データ分析の報告",
    "読書ノート",
    "仕事のまとめ",
]

KO_LINES = [
    "안녕하세요.",
    "오후 세 시에 회의가 있습니다.",
    "한국어",
    "메모",
    "회의",
    "서울",
    "내일은 비가 올 것 같아요.",
    "고맙습니다.",
    "새 카메라를 샀어요.",
    "일기 예보",
    "부산",
    "고양이를 좋아해요.",
    "공지",
    "김철수",
    "요리",
    "학교",
    "내일 오전에는 비가 조금 내리겠습니다.",
    "이 식당의 국수는 정말 맛있어요.",
    "아이들이 운동장에서 축구를 하고 있어요.",
    "창문 좀 닫아 주세요, 밖이 너무 추워요.",
    "새 노선은 연말에 개통됩니다.",
    "박물관은 월요일에 쉽니다.",
    "주말에 같이 등산 가자",
    "휴대폰 배터리가 없어요",
    "데이터 분석 보고서",
    "독서 노트",
    "업무 정리",
]

LATIN_LINES = [
    "Café",
    "Bonjour à tous.",
    "Straße",
    "Schön.",
    "Noël",
    "España",
    "Mañana",
    "Über uns",
    "Crème brûlée",
    "Être ou ne pas être",
    "Größe",
    "Año nuevo",
    "“Quoted” text.",
    "It’s done — finally.",
    "Prix : 12 €",
    "São Paulo",
    "Façade",
    "naïve",
    "Zürich",
    "Ålesund",
    "Øre",
    "Il pleuvra demain matin, puis le ciel se dégagera.",
    "Die Nudeln in diesem Restaurant sind köstlich.",
    "Los niños juegan al fútbol en el patio.",
    "Fermez la fenêtre, s’il vous plaît.",
    "Le musée est fermé le lundi.",
    "Über den Wolken",
    "Résumé",
    "Crêpes",
    "Smörgåsbord",
    "Coração",
    "Déjà vu",
    "Señor Muñoz",
    "– Qui est là ? – C’est moi.",
    "Ça va très bien, merci.",
    "Größenordnung: 5 000 €",
    "Ärger im Büro",
    "Mañana será otro día.",
]


LINES = [
    ("gb18030", ZH_HANS_LINES),
    ("big5", ZH_HANT_LINES),
    ("shift_jis", JA_LINES),
    ("euc_jp", JA_LINES),
    ("euc_kr", KO_LINES),
    ("cp1252", LATIN_LINES),
]


def short_files() -> Iterator[tuple[str, str, bytes]]:
    """(encoding, text, bytes) for every line alone, as a heading, and as a one-line article with
    front matter; only those whose bytes are not UTF-8 already (`学习` in GBK is valid UTF-8)."""
    for encoding, lines in LINES:
        for line in lines:
            for text in (
                line,
                f"# {line}\n",
                f"---\ntitle: {line}\n---\n\n{line}\n",
                f"---\ntitle: Notes\ndate: 2024-01-02\n---\n\n{line}\n",
            ):
                data = text.encode(encoding)
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    yield encoding, text, data
