//! Words that mean the same thing to a visitor and to a page: "ship", "send" and "mail";
//! "Kassenpatient" and "gesetzliche Krankenkasse"; "退" and "退货"; "iPhone" and "iOS". A
//! visitor asks in their own words and a page answers in its own, so a question word that
//! belongs to a concept is covered by any word of that concept, in any language (a question
//! asked in English of a German page finds "Versand" for "shipping").
//!
//! The groups are the vocabulary of customer service (opening, shipping, returns, payment,
//! appointments, insurance, parking, plans, trials, apps, data, support), not of any one
//! site. Latin-script words are matched by their stem, so every inflection of a listed word
//! belongs to its concept; Chinese words are found inside the question's text.

use super::lang::Lang;
use super::terms::{self, EVENING_TIME, Stems};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One concept's words, per language. Two words separated by a space are a phrase.
type Group = &'static [(Lang, &'static [&'static str])];

use Lang::{De, En, Es, Fr, ZhHans as Zh};

const GROUPS: &[Group] = &[
    // Shipping and delivery.
    &[
        (
            En,
            &[
                "ship", "shipping", "send", "deliver", "delivery", "mail", "post", "courier",
                "dispatch",
            ],
        ),
        (
            De,
            &[
                "versand",
                "versenden",
                "verschicken",
                "schicken",
                "liefern",
                "lieferung",
                "zustellung",
                "senden",
                "post",
                "nach hause",
            ],
        ),
        (
            Es,
            &[
                "envío",
                "enviar",
                "mandar",
                "entrega",
                "entregar",
                "reparto",
                "mensajería",
            ],
        ),
        (
            Fr,
            &[
                "livraison",
                "livrer",
                "envoyer",
                "envoi",
                "expédier",
                "expédition",
                "colis",
            ],
        ),
        (
            Zh,
            &[
                "寄", "寄送", "配送", "宅配", "运送", "发货", "邮寄", "快递", "送货", "运费",
                "寄件",
            ],
        ),
    ],
    // Returns and refunds.
    &[
        (
            En,
            &[
                "return",
                "returns",
                "refund",
                "send back",
                "exchange",
                "money back",
            ],
        ),
        (
            De,
            &[
                "zurückgeben",
                "zurückschicken",
                "zurücksenden",
                "rückgabe",
                "rücksendung",
                "umtausch",
                "umtauschen",
                "erstattung",
                "erstatten",
                "widerruf",
                "zurücknehmen",
            ],
        ),
        (
            Es,
            &[
                "devolver",
                "devolución",
                "reembolso",
                "cambio",
                "cambiar",
                "desistimiento",
            ],
        ),
        (
            Fr,
            &[
                "rendre",
                "retourner",
                "retour",
                "rembourser",
                "remboursement",
                "échanger",
                "échange",
                "rétractation",
            ],
        ),
        (
            Zh,
            &[
                "退",
                "退货",
                "退款",
                "退换",
                "换货",
                "退回",
                "鉴赏期",
                "无理由",
                "不合适",
                "不喜欢",
            ],
        ),
    ],
    // Damaged goods.
    &[
        (En, &["damaged", "broken", "crushed", "defective", "faulty"]),
        (De, &["beschädigt", "kaputt", "defekt", "mangel"]),
        (
            Es,
            &[
                "dañado",
                "roto",
                "aplastado",
                "defectuoso",
                "estropeado",
                "desperfecto",
            ],
        ),
        (Fr, &["abîmé", "endommagé", "cassé", "écrasé", "défectueux"]),
        (
            Zh,
            &[
                "压扁", "压坏", "压损", "损坏", "破损", "破裂", "坏了", "瑕疵", "受损",
            ],
        ),
    ],
    // Paying and being charged.
    &[
        (
            En,
            &["charge", "charged", "pay", "payment", "bill", "billed"],
        ),
        (
            De,
            &[
                "zahlen",
                "bezahlen",
                "zahlung",
                "dazuzahlen",
                "zuzahlung",
                "berechnen",
                "rechnung",
            ],
        ),
        (Es, &["cobrar", "cobro", "pagar", "pago", "factura"]),
        (Fr, &["payer", "paiement", "facturer", "facture", "régler"]),
        (Zh, &["付款", "付费", "支付", "收费", "扣款", "付钱", "刷"]),
    ],
    // Paying oneself, without insurance.
    &[
        (
            En,
            &[
                "self-pay",
                "self pay",
                "without insurance",
                "out of pocket",
                "uninsured",
            ],
        ),
        (
            De,
            &[
                "selbstzahler",
                "selbst zahlen",
                "selbst zahle",
                "privat zahlen",
                "selbst bezahlen",
            ],
        ),
        (
            Es,
            &["sin seguro", "paciente privado", "por mi cuenta", "privado"],
        ),
        (Fr, &["sans mutuelle", "sans assurance", "non remboursé"]),
        (Zh, &["自费", "自付", "没有保险", "不用保险"]),
    ],
    // Cards and payment methods.
    &[
        (En, &["card", "credit card", "debit card", "cash"]),
        (De, &["karte", "kreditkarte", "ec-karte", "bar", "bargeld"]),
        (Es, &["tarjeta", "efectivo"]),
        (Fr, &["carte", "carte bancaire", "espèces", "cb"]),
        (
            Zh,
            &["刷卡", "信用卡", "现金", "行动支付", "支付宝", "微信支付"],
        ),
    ],
    // Meal vouchers.
    &[
        (
            Fr,
            &[
                "ticket resto",
                "tickets resto",
                "titre-restaurant",
                "titres-restaurant",
                "ticket restaurant",
            ],
        ),
        (Es, &["ticket restaurante", "cheque gourmet"]),
        (De, &["essensgutschein", "essensmarke"]),
    ],
    // Discounts.
    &[
        (
            En,
            &[
                "discount",
                "discounted",
                "cheaper",
                "save",
                "deal",
                "promo",
                "coupon",
            ],
        ),
        (
            De,
            &["rabatt", "ermäßigung", "günstiger", "sparen", "nachlass"],
        ),
        (
            Es,
            &["descuento", "rebaja", "oferta", "ahorrar", "más barato"],
        ),
        (
            Fr,
            &["réduction", "remise", "rabais", "promotion", "moins cher"],
        ),
        (Zh, &["优惠", "折扣", "打折", "折", "便宜", "省"]),
    ],
    // Subscriptions.
    &[
        (
            En,
            &["subscribe", "subscription", "subscriber", "recurring"],
        ),
        (De, &["abo", "abonnement", "abonnieren"]),
        (
            Es,
            &["suscripción", "suscribirse", "suscribirme", "suscriptor"],
        ),
        (Fr, &["abonnement", "abonner", "abonné"]),
        (Zh, &["订阅", "订购", "定期配送", "定期购"]),
    ],
    // A free trial.
    &[
        (En, &["trial", "try", "test", "free trial"]),
        (
            De,
            &[
                "testen",
                "ausprobieren",
                "test",
                "testphase",
                "probezeitraum",
                "kostenlos testen",
            ],
        ),
        (Es, &["probar", "prueba", "periodo de prueba"]),
        (Fr, &["essai", "essayer", "tester", "période d'essai"]),
        (Zh, &["试用", "免费试", "体验", "先试"]),
    ],
    // Plans and what they cost per period.
    &[
        (En, &["plan", "plans", "tier", "package", "pricing"]),
        (De, &["tarif", "paket", "plan"]),
        (Es, &["plan", "planes", "tarifa"]),
        (Fr, &["offre", "forfait", "formule", "abonnement"]),
        (Zh, &["方案", "版本", "套餐", "标准版", "专业版"]),
    ],
    // Per month.
    &[
        (En, &["month", "monthly", "a month", "per month"]),
        (De, &["monat", "monatlich", "im monat", "pro monat"]),
        (Es, &["mes", "mensual", "al mes"]),
        (Fr, &["mois", "mensuel", "par mois"]),
        (Zh, &["每月", "月费", "个月", "月付"]),
    ],
    // Per year.
    &[
        (
            En,
            &["year", "yearly", "annual", "annually", "per year", "a year"],
        ),
        (
            De,
            &["jahr", "jährlich", "pro jahr", "im jahr", "jahresabo"],
        ),
        (Es, &["año", "anual", "al año", "por año"]),
        (Fr, &["an", "annuel", "annuelle", "par an"]),
        (Zh, &["一年", "每年", "年费", "年缴", "年付", "包年"]),
    ],
    // The books of a business.
    &[
        (En, &["ledger", "books", "bookkeeping", "accounts"]),
        (De, &["buchhaltung", "buchführung", "bücher"]),
        (Es, &["contabilidad", "libros contables"]),
        (Fr, &["comptabilité", "livres comptables"]),
        (Zh, &["账本", "账簿", "账套", "账目", "记账"]),
    ],
    // Opening in the evening or late.
    &[
        // A time of day in the evening says it in every language (terms::EVENING_TIME).
        (
            En,
            &[
                "evening",
                "evenings",
                "late",
                "night",
                "after work",
                EVENING_TIME,
            ],
        ),
        (
            De,
            &[
                "abends",
                "abend",
                "spät",
                "abendtermin",
                "feierabend",
                EVENING_TIME,
            ],
        ),
        (Es, &["tarde", "tardes", "noche", "noches", EVENING_TIME]),
        (Fr, &["soir", "soirée", "tard", "nocturne", EVENING_TIME]),
        (Zh, &["晚上", "夜间", "下班后", "晚间", EVENING_TIME]),
    ],
    // The weekend and its days.
    &[
        (En, &["weekend", "weekends", "saturday", "sunday"]),
        (
            De,
            &["wochenende", "samstag", "sonntag", "samstags", "sonntags"],
        ),
        (Es, &["fin de semana", "sábado", "domingo"]),
        (Fr, &["week-end", "samedi", "dimanche"]),
        (
            Zh,
            &[
                "周末",
                "周六",
                "周日",
                "星期六",
                "星期日",
                "星期天",
                "礼拜六",
                "礼拜天",
                "礼拜日",
            ],
        ),
    ],
    // Weekdays.
    &[
        (
            En,
            &["weekday", "weekdays", "monday to friday", "working days"],
        ),
        (
            De,
            &[
                "werktags",
                "wochentags",
                "unter der woche",
                "montag bis freitag",
            ],
        ),
        (Es, &["entre semana", "laborables", "lunes a viernes"]),
        (Fr, &["en semaine", "jours ouvrés", "lundi au vendredi"]),
        (Zh, &["平日", "工作日", "周一至周五", "周一到周五", "上班"]),
    ],
    // Monday (the day shops most often close).
    &[
        (En, &["monday", "mondays"]),
        (De, &["montag", "montags"]),
        (Es, &["lunes"]),
        (Fr, &["lundi"]),
        (Zh, &["周一", "星期一", "礼拜一", "拜一"]),
    ],
    // Being open, receiving, being reachable.
    &[
        (
            En,
            &["open", "opening", "available", "reachable", "staffed"],
        ),
        (
            De,
            &[
                "geöffnet",
                "offen",
                "erreichbar",
                "besetzt",
                "öffnungszeiten",
                "sprechzeiten",
            ],
        ),
        (
            Es,
            &[
                "abierto",
                "abre",
                "abren",
                "abrimos",
                "atiende",
                "atienden",
                "atendemos",
                "horario",
            ],
        ),
        (
            Fr,
            &[
                "ouvert", "ouvre", "ouvrons", "reçoit", "recevons", "horaires",
            ],
        ),
        (
            Zh,
            &[
                "开门",
                "营业",
                "有开",
                "开到",
                "上班",
                "营业时间",
                "服务时间",
                "关门",
                "打烊",
                "看到几点",
            ],
        ),
    ],
    // Parking.
    &[
        (
            En,
            &["park", "parking", "garage", "car park", "parking lot"],
        ),
        (
            De,
            &[
                "parken",
                "parkplatz",
                "parkplätze",
                "parkhaus",
                "parke",
                "tiefgarage",
            ],
        ),
        (
            Es,
            &[
                "aparcar",
                "aparcamiento",
                "parking",
                "estacionar",
                "estacionamiento",
                "aparco",
            ],
        ),
        (
            Fr,
            &[
                "garer",
                "stationner",
                "stationnement",
                "parking",
                "me garer",
            ],
        ),
        (Zh, &["停车", "车位", "停车场", "停车位", "地方停", "停哪"]),
    ],
    // Coming by car (which a page answers where it says where to park).
    &[
        (En, &["drive", "driving", "car", "by car", "parking"]),
        (
            De,
            &[
                "fahren",
                "fahre",
                "auto",
                "mit dem auto",
                "anfahrt mit dem auto",
                "parken",
            ],
        ),
        (Es, &["coche", "en coche", "conducir", "carro", "aparcar"]),
        (Fr, &["voiture", "en voiture", "conduire", "stationnement"]),
        (Zh, &["开车", "自驾", "汽车", "开车去", "停车"]),
    ],
    // Appointments and booking them.
    &[
        (
            En,
            &["appointment", "book", "booking", "schedule", "reserve"],
        ),
        (
            De,
            &[
                "termin",
                "buchen",
                "vereinbaren",
                "terminbuchung",
                "anmeldung",
            ],
        ),
        (Es, &["cita", "pedir cita", "reservar", "reserva"]),
        (Fr, &["rendez-vous", "rdv", "prendre rdv", "prend rdv"]),
        (
            Zh,
            &[
                "预约",
                "挂号",
                "约时间",
                "订位",
                "预订",
                "约诊",
                "约好",
                "约了",
                "预约好",
            ],
        ),
    ],
    // Cancelling or missing one.
    &[
        (
            En,
            &[
                "cancel",
                "cancellation",
                "reschedule",
                "no-show",
                "miss",
                "can't make it",
                "last minute",
                "late cancellation",
                "short notice",
            ],
        ),
        (
            De,
            &[
                "absagen",
                "stornieren",
                "verschieben",
                "ausfallhonorar",
                "nicht wahrnehmen",
                "absage",
                "kurzfristig",
            ],
        ),
        (
            Es,
            &[
                "cancelar",
                "anular",
                "cancelación",
                "no puedo ir",
                "no presentarse",
                "última hora",
            ],
        ),
        (
            Fr,
            &[
                "annuler",
                "annulation",
                "décommander",
                "reporter",
                "dernière minute",
            ],
        ),
        (
            Zh,
            &[
                "取消",
                "改约",
                "去不了",
                "不能去",
                "临时有事",
                "爽约",
                "改期",
                "临时",
            ],
        ),
    ],
    // What to bring.
    &[
        (En, &["bring", "take along", "need to bring"]),
        (De, &["mitnehmen", "mitbringen", "dabei haben"]),
        (Es, &["llevar", "traer", "traigo", "llevo"]),
        (Fr, &["apporter", "amener", "prévoir", "emporter"]),
        (Zh, &["带", "携带", "准备", "要带"]),
    ],
    // A first visit.
    &[
        (
            En,
            &[
                "first visit",
                "new patient",
                "first appointment",
                "first time",
            ],
        ),
        (
            De,
            &["erster termin", "ersten termin", "erstbesuch", "erstes mal"],
        ),
        (
            Es,
            &[
                "primera visita",
                "primera sesión",
                "primera cita",
                "primera vez",
            ],
        ),
        (
            Fr,
            &[
                "première visite",
                "premier rendez-vous",
                "première fois",
                "première consultation",
            ],
        ),
        (Zh, &["初诊", "首诊", "第一次", "首次"]),
    ],
    // Paying nothing up front: the practice bills the insurer directly.
    &[
        (
            En,
            &[
                "direct billing",
                "pay upfront",
                "pay up front",
                "upfront",
                "up front",
            ],
        ),
        (
            De,
            &[
                "direktabrechnung",
                "vorstrecken",
                "in vorleistung",
                "in vorkasse",
                "direkt abrechnen",
            ],
        ),
        (
            Es,
            &[
                "pago directo",
                "adelantar",
                "adelantar el pago",
                "sin adelantar",
            ],
        ),
        (
            Fr,
            &[
                "tiers payant",
                "avancer les frais",
                "avance de frais",
                "avance des frais",
                "rien à avancer",
            ],
        ),
        (Zh, &["直接结算", "垫付", "先垫付", "直付"]),
    ],
    // Health insurance.
    &[
        (
            En,
            &["insurance", "insured", "insurer", "covered", "coverage"],
        ),
        (
            De,
            &[
                "kasse",
                "krankenkasse",
                "kassenpatient",
                "kassenpatienten",
                "versichert",
                "versicherte",
                "gesetzlich",
                "versicherung",
                "privatversichert",
            ],
        ),
        (Es, &["seguro", "mutua", "aseguradora", "asegurado"]),
        (
            Fr,
            &[
                "mutuelle",
                "sécu",
                "sécurité sociale",
                "remboursé",
                "tiers payant",
                "carte vitale",
            ],
        ),
        (Zh, &["医保", "健保", "保险", "医保卡", "健保卡", "刷医保"]),
    ],
    // Children.
    &[
        (
            En,
            &[
                "kids",
                "kid",
                "child",
                "children",
                "little ones",
                "little kids",
                "young children",
                "toddler",
                "baby",
            ],
        ),
        (De, &["kinder", "kind", "kleinkind", "kleinkinder"]),
        (Es, &["niños", "niño", "niña", "hijos", "hijo", "peques"]),
        (Fr, &["enfants", "enfant", "petits", "bébé"]),
        (Zh, &["小孩", "儿童", "孩子", "小朋友", "幼儿", "小孩子"]),
    ],
    // Treating, seeing patients, taking someone on.
    &[
        (En, &["treat", "accept"]),
        (De, &["behandeln", "nehmen", "nehmt", "behandlung"]),
        (Es, &["tratar", "atender", "atendéis"]),
        (
            Fr,
            &["soigner", "prendre", "prenez", "acceptez", "accepter"],
        ),
        (Zh, &["看诊", "接受", "治疗"]),
    ],
    // Dentistry.
    &[
        (En, &["dentist", "dental", "teeth", "tooth"]),
        (De, &["zahnarzt", "zahnarztpraxis", "zähne", "zahn"]),
        (Es, &["dentista", "dental", "dientes", "clínica dental"]),
        (Fr, &["dentiste", "dentaire", "dents", "cabinet dentaire"]),
        (Zh, &["看牙", "牙科", "牙医", "口腔", "牙齿"]),
    ],
    // Physiotherapy.
    &[
        (
            En,
            &[
                "physio",
                "physiotherapy",
                "physical therapy",
                "physiotherapist",
            ],
        ),
        (
            De,
            &[
                "physio",
                "physiotherapie",
                "krankengymnastik",
                "physiotherapeut",
            ],
        ),
        (Es, &["fisio", "fisioterapia", "fisioterapeuta"]),
        (
            Fr,
            &[
                "kiné",
                "kinésithérapie",
                "kinésithérapeute",
                "physiothérapie",
            ],
        ),
        (Zh, &["物理治疗", "复健", "理疗"]),
    ],
    // A dental cleaning.
    &[
        (En, &["cleaning", "hygiene", "scale and polish"]),
        (De, &["zahnreinigung", "prophylaxe"]),
        (Es, &["limpieza", "higiene dental"]),
        (Fr, &["détartrage", "nettoyage", "hygiène"]),
        (Zh, &["洗牙", "洁牙", "洁治", "洗一次牙", "洗个牙"]),
    ],
    // Fixing a puncture, repairs.
    &[
        (En, &["repair", "fix", "puncture", "flat tyre", "flat tire"]),
        (
            De,
            &["reparatur", "reparieren", "platten", "flicken", "schlauch"],
        ),
        (Es, &["reparación", "reparar", "arreglar", "pinchazo"]),
        (Fr, &["réparation", "réparer", "crevaison"]),
        (Zh, &["补胎", "修车", "维修", "修理", "换胎"]),
    ],
    // Warranty.
    &[
        (En, &["warranty", "guarantee", "guaranteed"]),
        (De, &["garantie", "gewährleistung"]),
        (Es, &["garantía"]),
        (Fr, &["garantie", "garanti"]),
        (Zh, &["保修", "质保", "保固", "保修期"]),
    ],
    // Leasing through work.
    &[
        (En, &["lease", "leasing", "cycle to work"]),
        (De, &["leasen", "leasing", "dienstrad", "arbeitgeber"]),
        (Es, &["renting", "leasing"]),
        (Fr, &["leasing", "location longue durée"]),
        (Zh, &["租赁", "分期"]),
    ],
    // Apps and the platforms they run on.
    &[
        (En, &["app", "apps", "mobile", "application"]),
        (De, &["app", "apps", "handy", "smartphone"]),
        (Es, &["app", "aplicación", "móvil"]),
        (Fr, &["appli", "application", "mobile", "smartphone"]),
        (Zh, &["手机", "app", "应用", "应用程序"]),
    ],
    &[
        (En, &["iphone", "ipad", "ios", "apple"]),
        (Zh, &["苹果手机", "iphone"]),
    ],
    &[(En, &["android", "google play"]), (Zh, &["安卓"])],
    &[
        (En, &["mac", "macbook", "macos", "apple computer"]),
        (Zh, &["苹果电脑", "mac电脑"]),
    ],
    &[(En, &["linux", "ubuntu", "debian", "fedora"])],
    &[
        (En, &["windows", "pc", "laptop", "computer", "desktop"]),
        (De, &["rechner", "computer", "desktop"]),
        (Es, &["ordenador", "portátil"]),
        (Fr, &["ordinateur", "pc"]),
        (Zh, &["电脑", "桌面版", "桌机"]),
    ],
    // Exporting data.
    &[
        (
            En,
            &[
                "export",
                "download",
                "get my data",
                "take my data",
                "csv",
                "excel",
                "spreadsheet",
            ],
        ),
        (
            De,
            &[
                "exportieren",
                "export",
                "herunterladen",
                "daten mitnehmen",
                "excel",
            ],
        ),
        (
            Es,
            &["exportar", "exportación", "descargar", "sacar", "excel"],
        ),
        (
            Fr,
            &["exporter", "export", "télécharger", "récupérer", "excel"],
        ),
        (Zh, &["导出", "汇出", "转成", "下载", "转出", "excel"]),
    ],
    &[
        (En, &["excel", "xlsx", "spreadsheet"]),
        (Zh, &["表格", "试算表"]),
    ],
    // Leaving for another service.
    &[
        (
            En,
            &["switch", "leave", "cancel my account", "move to", "migrate"],
        ),
        (
            De,
            &["wechseln", "kündigen", "anbieter wechseln", "umziehen"],
        ),
        (Es, &["cambiarme", "irme", "dar de baja", "migrar"]),
        (Fr, &["changer", "partir", "résilier", "migrer"]),
        (Zh, &["换平台", "搬家", "解约", "停用"]),
    ],
    // Where data is kept.
    &[
        (
            En,
            &[
                "server",
                "servers",
                "hosted",
                "hosting",
                "data center",
                "data centre",
                "stored",
            ],
        ),
        (
            De,
            &[
                "server",
                "rechenzentrum",
                "rechenzentren",
                "gehostet",
                "hosting",
                "gespeichert",
                "serverstandort",
            ],
        ),
        (
            Es,
            &[
                "servidor",
                "servidores",
                "alojados",
                "alojamiento",
                "centro de datos",
                "almacenados",
            ],
        ),
        (
            Fr,
            &[
                "serveur",
                "serveurs",
                "hébergé",
                "hébergées",
                "hébergement",
                "centre de données",
                "stockées",
            ],
        ),
        (Zh, &["服务器", "机房", "数据中心", "存放", "储存", "主机"]),
    ],
    // Countries and where something is.
    &[
        (En, &["country", "region", "location"]),
        (De, &["land", "standort"]),
        (Es, &["país", "región", "ubicación"]),
        (Fr, &["pays", "région", "localisation"]),
        (Zh, &["国家", "地区", "哪国"]),
    ],
    // Calls to an API.
    &[
        (
            En,
            &[
                "calls",
                "call",
                "requests",
                "request",
                "rate limit",
                "limit",
            ],
        ),
        (
            De,
            &[
                "aufrufe", "aufruf", "anfragen", "anfrage", "requests", "limit",
            ],
        ),
        (
            Es,
            &[
                "llamadas",
                "llamada",
                "peticiones",
                "petición",
                "solicitudes",
                "límite",
            ],
        ),
        (Fr, &["appels", "appel", "requêtes", "requête", "limite"]),
        (Zh, &["调用", "呼叫", "请求", "次数", "上限"]),
    ],
    // Support staff.
    &[
        (
            En,
            &["support", "help desk", "customer service", "helpdesk"],
        ),
        (De, &["support", "kundenservice", "hilfe", "kundendienst"]),
        (Es, &["soporte", "atención al cliente", "asistencia"]),
        (Fr, &["support", "assistance", "service client"]),
        (Zh, &["客服", "技术支持", "支持团队"]),
    ],
    // Legal validity of an electronic signature.
    &[
        (En, &["legal", "legally binding", "valid", "eidas"]),
        (De, &["rechtsgültig", "rechtssicher", "gültig", "eidas"]),
        (Es, &["legal", "validez", "válida", "eidas"]),
        (
            Fr,
            &[
                "légale",
                "juridique",
                "valeur probante",
                "valable",
                "eidas",
                "opposable",
            ],
        ),
        (Zh, &["法律效力", "合法", "有效"]),
    ],
    // Selling and having something on offer.
    &[
        (
            En,
            &[
                "sell",
                "sold",
                "selling",
                "sale",
                "offer",
                "carry",
                "stock",
                "available",
            ],
        ),
        (
            De,
            &[
                "verkaufen",
                "verkauft",
                "anbieten",
                "bietet",
                "führen",
                "erhältlich",
            ],
        ),
        (
            Es,
            &[
                "vender",
                "vendemos",
                "vendéis",
                "venta",
                "ofrecer",
                "disponible",
            ],
        ),
        (
            Fr,
            &[
                "vendre",
                "vendez",
                "vendons",
                "vente",
                "proposer",
                "disponible",
            ],
        ),
        (Zh, &["卖", "出售", "销售", "有卖", "贩售", "供应"]),
    ],
    // Buying, in a shop.
    &[
        (En, &["buy", "purchase", "order"]),
        (De, &["kaufen", "bestellen", "bestellung"]),
        (Es, &["comprar", "pedido", "pedir"]),
        (Fr, &["acheter", "commander", "commande"]),
        (
            Zh,
            &[
                "买",
                "购买",
                "网购",
                "下单",
                "买的",
                "网上",
                "线上",
                "网店",
                "网路商店",
                "网上商城",
            ],
        ),
    ],
    // Coffee beans and tea (kept apart: a tea question is not a coffee one).
    &[
        (En, &["beans", "coffee beans", "whole bean"]),
        (Fr, &["grains", "café en grains"]),
        (Es, &["grano", "café en grano"]),
        (De, &["bohnen", "kaffeebohnen"]),
        (Zh, &["咖啡豆"]),
    ],
];

/// The business itself, the shop or the practice (and the practitioner it is named for: "at
/// the dentist's"): "when does the *shop* open?", "is there parking near the *clinic*?".
/// Every page of a bot is about it, so its words say which business is meant, not what about
/// it: they weigh the least a word can (a line that happens to say "boutique" is no better
/// an answer for it).
const THE_BUSINESS: Group = &[
    (
        En,
        &[
            "shop", "store", "cafe", "premises", "clinic", "practice", "dentist", "physio",
        ],
    ),
    (
        De,
        &[
            "laden",
            "geschäft",
            "radladen",
            "filiale",
            "praxis",
            "klinik",
            "zahnarzt",
            "physio",
        ],
    ),
    (
        Es,
        &[
            "tienda",
            "local",
            "obrador",
            "horno",
            "panadería",
            "clínica",
            "consulta",
            "dentista",
            "fisio",
        ],
    ),
    (
        Fr,
        &[
            "boutique",
            "magasin",
            "brûlerie",
            "atelier",
            "cabinet",
            "clinique",
            "dentiste",
            "kiné",
        ],
    ),
    (
        Zh,
        &[
            "店",
            "门市",
            "门店",
            "店面",
            "车店",
            "车行",
            "诊所",
            "治疗所",
            "门诊",
            "看牙",
            "牙科",
            "牙医",
            "物理治疗",
        ],
    ),
];

/// Where [`THE_BUSINESS`] is among the concepts: after [`GROUPS`].
const BUSINESS_ID: usize = GROUPS.len();

/// The concepts, ready to look up: each concept's index forms, and which concepts a stem
/// (per language) or a Chinese word belongs to.
struct Lexicon {
    /// Each concept's forms in the index (tokens, or phrases of tokens), with the language of
    /// the list they come from.
    forms: Vec<Vec<(Lang, String)>>,
    /// `(language, stemmed word or phrase)` → concepts.
    by_stem: HashMap<(Lang, String), Vec<usize>>,
    /// Chinese words (simplified) and their concept, longest first.
    chinese: Vec<(Vec<char>, usize)>,
    /// How many words the longest Latin-script phrase has.
    longest: usize,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let stems = Stems::new(&[En, Es, Fr, De]);
        let mut forms = Vec::with_capacity(GROUPS.len() + 1);
        let mut by_stem: HashMap<(Lang, String), Vec<usize>> = HashMap::new();
        let mut chinese = Vec::new();
        let mut longest = 1;
        for (id, group) in GROUPS.iter().chain([&THE_BUSINESS]).enumerate() {
            let mut own: Vec<(Lang, String)> = Vec::new();
            for (list, words) in group.iter() {
                for word in words.iter() {
                    let lang = list;
                    // A Latin-script word in a Chinese list ("iPhone") is read as English.
                    let lang = if lang.is_chinese() && !word.chars().any(super::lang::is_cjk) {
                        &En
                    } else {
                        lang
                    };
                    let form = terms::index_text(&stems, word, *lang);
                    if lang.is_chinese() {
                        let chars: Vec<char> = terms::simplified(word).chars().collect();
                        chinese.push((chars.clone(), id));
                        // A single character is no index token (Chinese is indexed in pairs).
                        if chars.len() < 2 {
                            continue;
                        }
                    } else {
                        longest = longest.max(form.split(' ').count());
                        by_stem.entry((*lang, form.clone())).or_default().push(id);
                    }
                    if !form.is_empty() && !own.iter().any(|(l, f)| l == list && *f == form) {
                        own.push((*list, form));
                    }
                }
            }
            forms.push(own);
        }
        chinese.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Lexicon {
            forms,
            by_stem,
            chinese,
            longest,
        }
    })
}

/// `stem`, then without its last one or two letters while five remain: the endings a
/// stemmer leaves on some verb forms (German "schickt" → `schickt`, where "schicken" →
/// `schick`).
fn shortened(stem: &str) -> impl Iterator<Item = &str> {
    let ends: Vec<usize> = stem.char_indices().map(|(i, _)| i).collect();
    let n = ends.len();
    std::iter::once(stem).chain(
        (1..=2)
            .filter(move |cut| n >= 5 + cut)
            .map(move |cut| &stem[..ends[n - cut]]),
    )
}

/// Whether the phrase `form` is the phrase `own` in another inflection: word by word the
/// same, or one the other with a stemmer's leftover ending (French "prendre rendez-vous" →
/// `prendr rendez vous` for "prend rendez-vous" → `prend rendez vous`; see [`shortened`]).
pub fn inflects(form: &str, own: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (form.split(' ').collect(), own.split(' ').collect());
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            x == y || shortened(long).skip(1).any(|s| s == *short)
        })
}

/// A concept a question asks about: the question's word for it and every form that covers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Meant {
    /// The question's own word (or phrase).
    pub word: String,
    /// How many of the question's words it took (more than 1 for a phrase).
    pub words: usize,
    /// The question's own word as the index holds it ("" for a single Chinese character,
    /// which the index does not hold alone).
    pub own: String,
    /// The index forms of the concepts it belongs to.
    pub forms: Vec<String>,
    /// Whether it names the business itself ([`THE_BUSINESS`]).
    pub business: bool,
}

/// The forms of concepts `ids` in `langs`: a word of the same meaning in a language neither
/// the question nor the knowledge is written in only adds chance matches (English "reserve"
/// in French "places réservées" for a French question about appointments); see
/// [`Lang::is_read_in`].
fn forms_of(ids: &[usize], langs: &[Lang]) -> Vec<String> {
    let lexicon = lexicon();
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        for (lang, f) in &lexicon.forms[*id] {
            if lang.is_read_in(langs) && !out.contains(f) {
                out.push(f.clone());
            }
        }
    }
    out
}

/// The concept of the question's word `words[i]` (lowercase), or of it and the words after
/// it as a phrase (the longest preferred: "avancer les frais" before "avancer"), stemmed in
/// each of `langs`; its forms are those of the languages `within` (the question's and the
/// knowledge's).
pub fn of_word(
    stems: &Stems,
    words: &[String],
    i: usize,
    langs: &[Lang],
    within: &[Lang],
) -> Option<Meant> {
    let lexicon = lexicon();
    let latin = langs.iter().filter(|l| !l.is_chinese());
    let mut found: Option<(usize, Vec<usize>, String)> = None;
    // A phrase in any language before a single word; a single word in the first language
    // that knows it.
    'langs: for lang in latin {
        let longest = lexicon.longest.min(words.len() - i);
        for n in (2..=longest).rev() {
            let phrase: Vec<String> = words[i..i + n]
                .iter()
                .map(|w| stems.stem(*lang, w))
                .collect();
            let phrase = phrase.join(" ");
            if let Some(ids) = lexicon.by_stem.get(&(*lang, phrase.clone())) {
                found = Some((n, ids.clone(), phrase));
                break 'langs;
            }
        }
        if found.is_none() {
            let stem = stems.stem(*lang, &words[i]);
            let ids = shortened(&stem).find_map(|s| lexicon.by_stem.get(&(*lang, s.to_owned())));
            if let Some(ids) = ids {
                found = Some((1, ids.clone(), stem.clone()));
            }
        }
    }
    let (n, ids, own) = found?;
    Some(Meant {
        word: words[i..i + n].join(" "),
        words: n,
        own,
        business: ids.contains(&BUSINESS_ID),
        forms: forms_of(&ids, within),
    })
}

/// The concepts found in a run of Chinese text (simplified), with the run cut into the parts
/// between them (which are read as ordinary text); their forms are those of the languages
/// `within` (the question's and the knowledge's).
pub fn in_chinese(run: &[char], within: &[Lang]) -> (Vec<Meant>, Vec<Vec<char>>) {
    let lexicon = lexicon();
    let mut meant: Vec<Meant> = Vec::new();
    let mut rest: Vec<Vec<char>> = Vec::new();
    let mut current: Vec<char> = Vec::new();
    let mut i = 0;
    while i < run.len() {
        let hit = lexicon
            .chinese
            .iter()
            .find(|(w, _)| run[i..].starts_with(w));
        match hit {
            Some((w, _)) => {
                let ids: Vec<usize> = lexicon
                    .chinese
                    .iter()
                    .filter(|(other, _)| other == w)
                    .map(|(_, id)| *id)
                    .collect();
                let word: String = w.iter().collect();
                if !meant.iter().any(|m| m.word == word) {
                    let own = if w.len() > 1 {
                        terms::bigrams(w).join(" ")
                    } else {
                        String::new()
                    };
                    meant.push(Meant {
                        word,
                        words: 1,
                        own,
                        business: ids.contains(&BUSINESS_ID),
                        forms: forms_of(&ids, within),
                    });
                }
                if !current.is_empty() {
                    rest.push(std::mem::take(&mut current));
                }
                i += w.len();
            }
            None => {
                current.push(run[i]);
                i += 1;
            }
        }
    }
    if !current.is_empty() {
        rest.push(current);
    }
    (meant, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn inflections_of_a_word_find_its_concept_and_its_words_in_every_language() {
        let stems = Stems::new(&[En, De]);
        let every = [En, De, Es, Fr, Zh];
        let m = of_word(&stems, &words("shipped"), 0, &[En], &every).unwrap();
        assert!(m.forms.contains(&stems.stem(De, "versand")));
        assert!(m.forms.iter().any(|f| f == "寄送"));
        let m = of_word(&stems, &words("kassenpatienten"), 0, &[De], &[De]).unwrap();
        assert!(m.forms.contains(&stems.stem(De, "krankenkasse")));
        assert!(of_word(&stems, &words("pizza"), 0, &[En], &every).is_none());
    }

    #[test]
    fn only_the_languages_of_the_question_and_the_knowledge_bring_forms() {
        let stems = Stems::new(&[En, De, Fr]);
        // An English question of German knowledge finds the German words, not the French.
        let m = of_word(&stems, &words("shipped"), 0, &[En], &[En, De]).unwrap();
        assert!(m.forms.contains(&stems.stem(De, "versand")));
        assert!(!m.forms.contains(&stems.stem(Fr, "livraison")));
        assert!(!m.forms.iter().any(|f| f == "寄送"));
        // French appointments are not English "reserve" ("places réservées").
        let m = of_word(&stems, &words("rendez vous"), 0, &[Fr], &[Fr]).unwrap();
        assert!(!m.forms.contains(&stems.stem(En, "reserve")));
    }

    #[test]
    fn irregular_forms_are_in_their_concept() {
        let stems = Stems::new(&[En]);
        let m = of_word(&stems, &words("sell"), 0, &[En], &[En]).unwrap();
        assert!(m.forms.contains(&stems.stem(En, "sold")));
    }

    #[test]
    fn a_two_word_phrase_is_one_concept() {
        let stems = Stems::new(&[En]);
        let m = of_word(&stems, &words("send back"), 0, &[En], &[En]).unwrap();
        assert_eq!(m.words, 2);
        assert!(m.forms.contains(&stems.stem(En, "refund")));
    }

    #[test]
    fn a_phrase_in_another_inflection_is_the_same_phrase() {
        assert!(inflects("prendr rendez vous", "prend rendez vous"));
        assert!(inflects("prend rendez vous", "prend rendez vous"));
        assert!(!inflects("rendez vous", "prend rendez vous"));
        assert!(!inflects("pris rendez vous", "prend rendez vous"));
    }

    #[test]
    fn a_longer_phrase_is_one_concept_before_its_first_word() {
        let stems = Stems::new(&[Fr]);
        let m = of_word(&stems, &words("avancer les frais"), 0, &[Fr], &[Fr]).unwrap();
        assert_eq!(m.words, 3);
        assert!(
            m.forms
                .contains(&terms::index_text(&stems, "tiers payant", Fr))
        );
    }

    #[test]
    fn chinese_concepts_are_found_inside_a_run_and_cut_it() {
        let run: Vec<char> = "开车去诊所好停车".chars().collect();
        let (meant, rest) = in_chinese(&run, &[Zh]);
        let words: Vec<&str> = meant.iter().map(|m| m.word.as_str()).collect();
        assert_eq!(words, ["开车去", "诊所", "停车"]);
        assert!(meant[1].business && !meant[2].business);
        assert!(meant[2].forms.iter().any(|f| f == "停车 车场"));
        let rest: Vec<String> = rest.into_iter().map(|r| r.into_iter().collect()).collect();
        assert_eq!(rest, ["好"]);
    }
}
