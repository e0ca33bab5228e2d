//! Knowledge in other languages than English: a Chinese FAQ answers Chinese questions in
//! either script, an unrelated question gets the fallback in the visitor's language, and a
//! Spanish question is answered from Spanish knowledge.

use crate::helpers::{TestApp, app_with_bot, chat_id, message_id, server};
use porthole_tests::sse::{SseReader, text_of};
use serde_json::{Value, json};

/// A bakery's page in traditional Chinese, with English names and numbers mixed in.
const BAKERY_ZH_TW: &str = "# 小麥日常烘焙坊｜門市資訊

小麥日常是一間藏在永康街巷子裡的小烘焙坊，每天清晨用台灣小麥烤出當天的麵包。

## 地址與交通

- 地址：台北市大安區永康街23巷8號1樓
- 捷運：東門站5號出口，步行約3分鐘。

## 營業時間

- 週二至週五：08:00–19:00
- 週六、週日：07:30–18:00
- 每週一公休

## 麵包價格

| 品項 | 價格 |
| --- | --- |
| 蜂蜜鮮奶吐司 | NT$95 |
| 鹽可頌 | NT$48 |

## 付款方式

門市可以使用現金、LINE Pay 與街口支付付款。";

const PANADERIA_ES: &str = "# Obrador La Espiga

## Horario

- De martes a sábado: de 8:00 a 20:00
- Domingos: de 8:30 a 14:00
- Lunes: cerrado

## Dirección

Estamos en la Calle de Cádiz 41, a cinco minutos del metro Sol.";

/// A fresh bot (no pacing) that knows `text`.
async fn bot_knowing(title: &str, url: &str, text: &str) -> TestApp {
    app_with_bot(
        &server().await.base,
        json!({"stream_pace_ms": 0}),
        &[(title, url, text)],
    )
    .await
}

/// The reply to `text` sent from a widget speaking `lang`, streamed and joined.
async fn ask(app: &TestApp, text: &str, lang: &str) -> String {
    let body = json!({"site_key": app.token, "session_id": chat_id(), "message": text,
                      "lang": lang, "message_id": message_id()});
    let response = app.stream(&body, None).await;
    assert_eq!(response.status(), 200);
    text_of(&SseReader::new(response).collect().await)
}

#[tokio::test]
async fn a_chinese_faq_answers_chinese_questions_with_the_right_facts() {
    let app = bot_knowing("門市資訊", "https://xiaomai.test/store", BAKERY_ZH_TW).await;
    let reply = ask(&app, "營業時間是幾點到幾點？", "zh-TW").await;
    assert!(reply.contains("08:00–19:00"), "{reply}");
    let reply = ask(&app, "鹽可頌多少錢？", "zh-TW").await;
    assert!(reply.contains("NT$48"), "{reply}");
    let reply = ask(&app, "可以用LINE Pay付款嗎？", "zh-TW").await;
    assert!(reply.contains("LINE Pay"), "{reply}");
}

#[tokio::test]
async fn a_question_in_simplified_script_finds_traditional_knowledge() {
    let app = bot_knowing("門市資訊", "https://xiaomai.test/store", BAKERY_ZH_TW).await;
    let reply = ask(&app, "盐可颂多少钱？", "zh-CN").await;
    assert!(reply.contains("NT$48"), "{reply}");
    // The seed-000 endpoint sends no language: the question's own script tells it.
    let body: Value = app
        .message(&json!({"token": app.token, "message": "面包店的地址在哪里？"}))
        .await
        .json()
        .await
        .unwrap();
    let reply = body["reply"].as_str().unwrap();
    assert!(reply.contains("永康街23巷8號"), "{body}");
}

#[tokio::test]
async fn an_unrelated_chinese_question_gets_the_fallback_in_chinese() {
    let app = bot_knowing("門市資訊", "https://xiaomai.test/store", BAKERY_ZH_TW).await;
    let reply = ask(&app, "你們有賣腳踏車嗎？", "zh-TW").await;
    assert!(reply.contains("抱歉"), "traditional fallback: {reply}");
    assert!(!reply.contains("NT$"), "{reply}");
    let reply = ask(&app, "有卖自行车吗？", "zh-CN").await;
    assert!(reply.contains("资料"), "simplified fallback: {reply}");
}

#[tokio::test]
async fn a_spanish_question_is_answered_from_spanish_knowledge_and_greeted_in_spanish() {
    let app = bot_knowing("La Espiga", "https://espiga.test/", PANADERIA_ES).await;
    let reply = ask(&app, "¿A qué hora abren los domingos?", "es").await;
    assert!(reply.contains("8:30 a 14:00"), "{reply}");
    let reply = ask(&app, "¿Dónde estáis?", "es").await;
    assert!(reply.contains("Calle de Cádiz 41"), "{reply}");
    let reply = ask(&app, "¡Hola!", "es").await;
    assert!(reply.starts_with("Hola"), "{reply}");
    let reply = ask(&app, "¿Vendéis bicicletas?", "es").await;
    assert!(reply.starts_with("Lo siento"), "{reply}");
}
