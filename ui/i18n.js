// Every string the UI shows, in English and Traditional Chinese (Taiwan), and the lookups.
// A value is a string with {placeholders}, or plural forms {one, other} chosen by `count`.
import { groupsZhTW } from "./groups-zh-TW.js";

export const LANGUAGES = ["en", "zh-TW"];

export const strings = {
  en: {
    appTagline: "Back up your own Google data.",
    skipToContent: "Skip to content",
    language: "Language",
    mainNav: "Sections",
    navPick: "Back up",
    navExports: "Exports",
    navLibrary: "Library",
    navAccess: "Access",
    modeDemo: "Simulator",
    modeDemoTitle: "Demo mode: a built-in stand-in for Google, with a throwaway profile",
    engineElsewhere:
      "Another Carryout (a “carryout run”) is driving the exports of this backup folder. This window shows them; starting, retrying and cancelling happen there.",
    dismiss: "Dismiss",
    loading: "Loading…",
    listSeparator: ", ",
    sentenceJoin: " ",
    sentenceEnd: ".",
    groupInService: "{service}: {group}",

    firstTitle: "Back up your own Google data",
    firstIntro:
      "Carryout asks Google for copies of your data — My Activity, YouTube, Maps, Chrome, Play and more — and keeps verified archives in a folder on this computer.",
    whoTitle: "Who can use it",
    whoText:
      "Google's Data Portability API is open to personal Google accounts in the EU/EEA, Switzerland and the United Kingdom.",
    whoNot:
      "It is not available to work or school accounts, to people under 18, or to accounts with Advanced Protection.",
    takeoutText: "Everyone else can download a copy of their data with",
    takeoutLink: "Google Takeout",
    demoTitle: "Just looking?",
    demoText:
      "A stand-in for Google runs inside the app: fast exports, a throwaway profile, and nothing real is touched.",
    demoButton: "Try it with the built-in simulator",
    clientTitle: "Connect your Google Cloud client",
    clientText:
      "Google asks everyone who uses this API to bring their own OAuth client. Creating one takes about five minutes:",
    step1: "In the Google Cloud console, create a project.",
    step2: "APIs & Services → Library: enable the Data Portability API.",
    step3:
      "Google Auth Platform → Branding / Audience: set up the consent screen (External). While it is in Testing, add your own Google account as a test user.",
    step4: "Data Access: add the …/auth/dataportability.* scopes you want to back up.",
    step5: "Clients → Create client, type Desktop app. Download the JSON file and import it here.",
    consoleLink: "Open the Google Cloud console",
    testingHint:
      "While your app's publishing status is Testing, Google ends its sign-ins after 7 days, even when you choose 30 or 180 days of access. For recurring backups, publish the app (Audience → Publish app).",
    importButton: "Import client_secret.json…",
    importFilter: "Google OAuth client",

    pickTitle: "Choose what to back up",
    searchLabel: "Search",
    searchPlaceholder: "Name of the data or service, e.g. YouTube",
    selectAll: "Select all",
    selectAllIn: "Select all of {service}",
    selectedCount: { one: "{count} of {total} selected", other: "{count} of {total} selected" },
    startBackup: { one: "Back up {count} selected", other: "Back up {count} selected" },
    clearSelection: "Clear selection",
    noMatches: "Nothing matches “{query}”.",
    markIncremental: "Incremental",
    markIncrementalTitle: "Can be exported by date range, so later backups fetch only what is new",
    markCovered: "Signed in",
    markCoveredTitle: "A sign-in already covers this",
    markConsent: "Needs consent",
    markConsentTitle: "Google will ask you to allow this in your browser",
    markOneTimeUsed: "Needs reset",
    markOneTimeUsedTitle: "One-time access was used; it needs a reset and a new consent",
    markWindow: "Window until {time}",
    markWindowTitle: "Google allows one export every 24 hours; it starts by itself then",
    accessTitle: "One-time or 30/180-day access?",
    accessChoose: "You choose this on Google's consent screen each time you sign in.",
    accessOneTime:
      "One-time access: each kind of data can be exported once. Exporting it again needs a reset of the access and a new consent.",
    accessTimeBased:
      "Access for 30 or 180 days: a new export at most every 24 hours, which is what recurring backups use — later backups of My Activity and Chrome history fetch only what is new.",
    planning: "Checking your sign-ins…",
    consentOpening: "Opening your browser… consent {batch} of {batches}",
    consentWaiting: "Answer Google's consent page in your browser, then come back here.",
    consentNoBrowser: "Your browser could not be opened. Open this address in a browser to continue:",
    consentGranted: "Granted: {list}.",
    consentNotGranted: "Not granted: {list}.",
    consentNotGrantedHelp:
      "Those boxes were left unticked on Google's consent screen. To back them up, tick them on the Back up page and press Back up again; Google will ask once more.",
    consentOneTime: "You chose one-time access: each of these can be exported once.",
    consentTimeBased: "You chose access until {time}: Carryout can export again every 24 hours.",
    planOneTimeUsed:
      "Not started: {list}. One-time access was used for them already; they need a reset of the access and a new consent.",
    planWindow:
      "Waiting: {list}. Google allows one export every 24 hours; they start by themselves when the window opens.",
    nothingStarted: "Nothing was started.",

    exportsTitle: "Exports",
    exportsEmpty: "No exports yet. Choose what to back up, and they appear here.",
    summaryIdle: "Nothing is running.",
    summaryActive: { one: "{count} export under way.", other: "{count} exports under way." },
    summaryAllDone: { one: "{count} export finished.", other: "{count} exports finished." },
    summaryBytes: "{done} of {total} downloaded",
    summaryEta: "about {eta} left",
    summaryDays:
      "Google prepares exports at its own pace; large ones can take days. You can close Carryout — it picks them up when you open it again.",
    "state.waiting_consent": "Waiting for consent",
    "state.starting": "Starting",
    "state.in_progress": "Being prepared",
    "state.downloading": "Downloading",
    "state.verified": "Verified",
    "state.failed": "Failed",
    "state.cancelled": "Cancelled",
    "state.blocked": "Blocked",
    "state.waiting_window": "Waiting for the 24-hour window",
    descWaitingConsent: "Waiting for your consent in the browser.",
    descStarting: "Asking Google to start this export…",
    descInProgress: "Google is preparing this export; large exports can take days.",
    descStarted: "Started {ago}.",
    descNextCheck: "Next check {in}.",
    descChecking: "Checking now…",
    descDownloadingBytes: "{done} of {total}",
    descDownloadingStarting: "Starting the download…",
    descSpeed: "{speed}/s",
    descEta: "about {eta} left",
    descVerified: "Verified {ago} · {size}.",
    descCancelled: "Cancelled. Nothing more is fetched for this export.",
    descWaitingWindow: "Google allows one export every 24 hours. This one starts by itself {in} ({time}).",
    descRetries: { one: "Tried {count} time.", other: "Tried {count} times." },
    descWindow: "Covers {start} – {end}",
    descFullHistory: "Full history",
    checkNow: "Check now",
    retry: "Retry",
    cancel: "Cancel",
    openFolder: "Open folder",
    "problem.failed": "Google could not prepare this export.",
    "problem.one_time_used":
      "One-time access was already used for this data; it needs a reset of the access and a new consent.",
    "problem.window": "Google allows one export every 24 hours with time-based access.",
    "problem.not_authorized": "No sign-in covers this data. Back it up again from the Back up page to give consent.",
    "problem.grant_expired": "The sign-in for this data expired or was revoked. Consent again to continue.",
    "problem.download": "The archive could not be downloaded or verified. Retry fetches it again.",
    "problem.gone": "Google deleted the archive before it was saved (Google keeps archives for 14 days).",
    "problem.google": "Google refused to start this export.",
    "problem.retrying": "Google could not be reached for a moment; Carryout tries again by itself.",
    "problem.retried": "Google's first attempt failed; Carryout asked it to try again.",
    "problem.cancelled": "This export was cancelled.",
    "problem.unknown": "Something went wrong with this export.",
    "warning.archive_expiring":
      "Google deletes the archive of {group} within 4 days, and it is not saved yet. Keep Carryout open so the download can finish; if it failed, retry it in Exports.",
    "warning.data_shrank":
      "Possible data loss: the newest export of {group} holds more than 5 % fewer records than the one before. Check on Google that nothing was deleted by mistake, and keep the earlier backup (see the Library).",
    "warning.window_per_client":
      "Google's 24-hour limit counts all your data together, not each kind alone, so Carryout now fetches everything that is due in one export. There is nothing to do.",
    "warning.grant_expiring": "Access ends soon for {grant}. Renew it in Access to keep backing up.",
    "warning.testing_limit":
      "Your Google client is in Testing: Google ends its sign-ins 7 days after consent, and they cannot be renewed. Consent again in Access before a sign-in ends, or publish the app in the Google Cloud console.",
    "warning.reconsent_due":
      "Google ends {grant} within a day (a Testing client's sign-ins last 7 days). Consent again in Access to keep backing up.",
    "warning.library_changed":
      "The scheduled check found files of your backups changed or missing. Look at them in the Library and verify them; restore them from another copy if you have one.",
    "warning.unknown": "Carryout noticed something about {group} that needs a look.",
    "warningLevel.alarm": "Alarm",
    "warningLevel.warn": "Warning",
    "warningLevel.calm": "Note",
    warningsLabel: "Warnings",
    warningAnnounce: "{level}: {text}",
    warningGo: "Go to {view}",
    warningNoticed: "Noticed {ago}.",
    warningDetail: "Details:",
    someExport: "an export",
    someGrant: "a sign-in",
    grantNamed: "the sign-in of {time}",

    libraryTitle: "Library",
    libraryEmpty: "No verified backups yet.",
    openBackupFolder: "Open the backup folder",
    libExported: "Exported {time}",
    libFiles: { one: "{count} file", other: "{count} files" },
    libExportsOf: { one: "{count} backup", other: "{count} backups" },
    verify: "Verify",
    verifying: "Checking file {done} of {total}…",
    verifyOk: { one: "The file matches its receipt.", other: "All {count} files match their receipt." },
    verifyChanged: "Changed since the backup: {list}",
    verifyMissing: "Missing: {list}",
    libAlsoHolds: "Also holds {list}.",
    libAlarmTitle: "Possible data loss",
    libAlarmText:
      "This export holds more than 5 % fewer records than the one before it. Check on Google that nothing was deleted by mistake, and keep the earlier backup.",
    libChangedTitle: "Files changed or missing",
    libChangedText:
      "The scheduled check found files of this backup changed or missing since they were saved. Verify it to see which; restore them from another copy if you have one.",
    tlTitle: "What your backups cover",
    tlWindow: "Backed up: {start} – {end}",
    tlWindowFromStart: "Backed up: everything until {end}",
    tlGap: "Gap, in no backup: {start} – {end}",
    tlGapFromStart: "Gap, in no backup: everything before {end}",
    tlAfter: "Newer than the last backup: since {start}",
    tlBeginning: "From the beginning",
    tlToday: "Today",
    tlGaps: {
      one: "{count} gap: the striped part is in no backup.",
      other: "{count} gaps: the striped parts are in no backup.",
    },
    tlNoGaps: "No gaps between your backups.",
    tlNone: "No verified backup covers this yet.",
    listContents: "List contents",
    contentsEmpty: "This export holds no archives.",
    contentsArchive: { one: "{count} entry · {size}", other: "{count} entries · {size}" },
    contentsCaption: "Files in {name}",
    contentsName: "Name",
    contentsSize: "Size",
    contentsRecords: "Records",
    contentsShowAll: { one: "Show the other {count}", other: "Show the other {count}" },
    "access.one_time": "One-time access",
    "access.time_based": "Time-based access",

    accessPageTitle: "Access",
    grantsEmpty: "No sign-ins yet. Choose what to back up, and Carryout asks Google for access.",
    grantTitle: "Sign-in of {time}",
    grantEnds: "Access ends {in} ({time}).",
    grantEnded: "Access ended {ago}.",
    grantNoEnd: "Access lasts until the data is exported or you sign out.",
    grantGroups: { one: "{count} kind of data:", other: "{count} kinds of data:" },
    "grant.active": "Active",
    "grant.expired": "Expired",
    "grant.revoked": "Signed out",
    signOut: "Sign out",
    signOutTitle: "Sign out of this access?",
    signOutText:
      "Carryout asks Google to revoke this sign-in and forgets it. Backups already saved stay where they are; exports that need it stop until you consent again.",
    keepSignedIn: "Keep it",
    signedOut: "Signed out.",

    "error.no_client": "Carryout has no Google client yet. Import your client_secret.json, or try the simulator.",
    "error.bad_client_file":
      "That file is not a Desktop-app client_secret JSON file from the Google Cloud console.",
    "error.not_signed_in": "No sign-in covers this yet. Give consent first.",
    "error.consent_denied": "Consent was refused in the browser, or nothing that was asked for was allowed.",
    "error.consent_timeout": "Nobody answered the consent page in time. Try again when you are ready.",
    "error.grant_expired": "A sign-in expired or was revoked. Consent again for its data.",
    "error.engine_elsewhere":
      "Another Carryout (a “carryout run”) drives the exports of this backup folder. Let it do the work, or stop it first.",
    "error.network": "Google could not be reached. Check your connection and try again.",
    "error.google": "Google refused the request. Try again later.",
    "error.disk": "The backup folder cannot be written to, or it is full.",
    "error.not_found": "That export, sign-in or folder no longer exists.",
    "error.refused": "That is not possible in the current state.",
    "error.internal": "Something went wrong inside Carryout.",

    relIn: "in {duration}",
    relAgo: "{duration} ago",
    relNow: "just now",
    relSoon: "any moment now",
    unitSecond: { one: "{count} s", other: "{count} s" },
    unitMinute: { one: "{count} min", other: "{count} min" },
    unitHour: { one: "{count} h", other: "{count} h" },
    unitDay: { one: "{count} day", other: "{count} days" },
    durationJoin: "{a} {b}",

    "service.myactivity": "My Activity",
    "service.search": "Google Search",
    "service.youtube": "YouTube",
    "service.maps": "Google Maps",
    "service.mymaps": "My Maps",
    "service.streetview": "Street View",
    "service.chrome": "Chrome",
    "service.play": "Google Play",
    "service.shopping": "Google Shopping",
    "service.discover": "Discover",
    "service.saved": "Saved",
    "service.alerts": "Google Alerts",
    "service.order_reserve": "Food orders & reservations",
    "service.nest": "Nest",
    "service.pixel": "Pixel",
  },

  "zh-TW": {
    appTagline: "備份你自己的 Google 資料。",
    skipToContent: "跳到主要內容",
    language: "語言",
    mainNav: "主要區塊",
    navPick: "備份",
    navExports: "匯出作業",
    navLibrary: "資料庫",
    navAccess: "存取權",
    modeDemo: "模擬器",
    modeDemoTitle: "示範模式：使用內建的 Google 模擬服務和拋棄式設定檔",
    engineElsewhere:
      "另一個 Carryout（「carryout run」）正在處理這個備份資料夾的匯出作業。這個視窗只顯示進度；開始、重試和取消都在那邊進行。",
    dismiss: "關閉",
    loading: "載入中…",
    listSeparator: "、",
    sentenceJoin: "",
    sentenceEnd: "。",
    groupInService: "{service}「{group}」",

    firstTitle: "備份你自己的 Google 資料",
    firstIntro:
      "Carryout 會向 Google 要求你的資料副本（我的活動、YouTube、地圖、Chrome、Play 等），並把驗證過的封存檔保存在這台電腦的資料夾中。",
    whoTitle: "誰可以使用",
    whoText: "Google 的資料可攜性 API 只開放給歐盟/歐洲經濟區、瑞士和英國的個人 Google 帳戶使用。",
    whoNot: "公司或學校帳戶、未滿 18 歲的使用者，以及啟用進階保護計畫的帳戶都無法使用。",
    takeoutText: "其他人可以使用這項工具下載資料副本：",
    takeoutLink: "Google 匯出工具（Takeout）",
    demoTitle: "只是想看看？",
    demoText: "應用程式內建一個模擬的 Google：匯出很快、使用拋棄式設定檔，不會動到任何真實資料。",
    demoButton: "使用內建模擬器試試看",
    clientTitle: "連結你的 Google Cloud 用戶端",
    clientText: "Google 要求每位使用這個 API 的人自備 OAuth 用戶端。建立一個大約需要五分鐘：",
    step1: "在 Google Cloud 控制台中建立專案。",
    step2: "「API 和服務」→「程式庫」：啟用 Data Portability API。",
    step3:
      "「Google Auth Platform」→「品牌塑造」/「目標對象」：設定同意畫面（外部）。在「測試」狀態下，把你自己的 Google 帳戶加為測試使用者。",
    step4: "「資料存取權」：加入你想備份的 …/auth/dataportability.* 範圍。",
    step5: "「用戶端」→「建立用戶端」，類型選「電腦版應用程式」。下載 JSON 檔案並匯入到這裡。",
    consoleLink: "開啟 Google Cloud 控制台",
    testingHint:
      "當應用程式的發布狀態是「測試」時，即使你選擇 30 或 180 天的存取權，Google 也會在 7 天後結束登入。若要定期備份，請發布應用程式（「目標對象」→「發布應用程式」）。",
    importButton: "匯入 client_secret.json…",
    importFilter: "Google OAuth 用戶端",

    pickTitle: "選擇要備份的資料",
    searchLabel: "搜尋",
    searchPlaceholder: "資料或服務名稱，例如 YouTube",
    selectAll: "全選",
    selectAllIn: "全選「{service}」",
    selectedCount: { other: "已選取 {count} 項，共 {total} 項" },
    startBackup: { other: "備份已選取的 {count} 項" },
    clearSelection: "清除選取",
    noMatches: "找不到符合「{query}」的項目。",
    markIncremental: "可增量備份",
    markIncrementalTitle: "可以依日期範圍匯出，之後的備份只會抓取新的內容",
    markCovered: "已登入",
    markCoveredTitle: "已有登入涵蓋這個項目",
    markConsent: "需要同意",
    markConsentTitle: "Google 會在瀏覽器中請你允許存取",
    markOneTimeUsed: "需要重設",
    markOneTimeUsedTitle: "單次存取權已用過，需要重設並重新同意",
    markWindow: "{time} 前無法匯出",
    markWindowTitle: "Google 每 24 小時只允許匯出一次；時間到了會自動開始",
    accessTitle: "單次存取，還是 30/180 天存取？",
    accessChoose: "每次登入時，你會在 Google 的同意畫面上選擇。",
    accessOneTime: "單次存取：每種資料只能匯出一次。要再次匯出，必須重設存取權並重新同意。",
    accessTimeBased:
      "30 或 180 天存取：每 24 小時最多可匯出一次，定期備份就是靠這個；之後備份「我的活動」和 Chrome 瀏覽記錄時只會抓取新的內容。",
    planning: "正在檢查你的登入…",
    consentOpening: "正在開啟瀏覽器… 第 {batch} 次同意，共 {batches} 次",
    consentWaiting: "請在瀏覽器中回覆 Google 的同意頁面，然後回到這裡。",
    consentNoBrowser: "無法開啟你的瀏覽器。請在瀏覽器中開啟這個網址以繼續：",
    consentGranted: "已允許：{list}。",
    consentNotGranted: "未允許：{list}。",
    consentNotGrantedHelp:
      "這些項目在 Google 的同意畫面上沒有勾選。若要備份，請在「備份」頁面勾選後再按一次備份，Google 會再詢問一次。",
    consentOneTime: "你選擇了單次存取：這些資料各能匯出一次。",
    consentTimeBased: "你選擇的存取權到 {time} 為止：Carryout 每 24 小時可以再匯出一次。",
    planOneTimeUsed: "未開始：{list}。這些項目的單次存取權已經用過，需要重設存取權並重新同意。",
    planWindow: "等待中：{list}。Google 每 24 小時只允許匯出一次；時間到了會自動開始。",
    nothingStarted: "沒有開始任何匯出作業。",

    exportsTitle: "匯出作業",
    exportsEmpty: "還沒有匯出作業。選擇要備份的資料後，作業會顯示在這裡。",
    summaryIdle: "目前沒有進行中的作業。",
    summaryActive: { other: "{count} 項匯出作業進行中。" },
    summaryAllDone: { other: "{count} 項匯出作業已完成。" },
    summaryBytes: "已下載 {done}，共 {total}",
    summaryEta: "大約還要 {eta}",
    summaryDays: "Google 會依自己的步調準備匯出，大型匯出可能要好幾天。你可以關閉 Carryout，下次開啟時會繼續處理。",
    "state.waiting_consent": "等待同意",
    "state.starting": "正在開始",
    "state.in_progress": "準備中",
    "state.downloading": "下載中",
    "state.verified": "已驗證",
    "state.failed": "失敗",
    "state.cancelled": "已取消",
    "state.blocked": "無法進行",
    "state.waiting_window": "等待 24 小時間隔",
    descWaitingConsent: "正在等待你在瀏覽器中同意。",
    descStarting: "正在請 Google 開始這項匯出…",
    descInProgress: "Google 正在準備這項匯出；大型匯出可能需要好幾天。",
    descStarted: "{ago}開始。",
    descNextCheck: "{in}再次檢查。",
    descChecking: "正在檢查…",
    descDownloadingBytes: "{done}，共 {total}",
    descDownloadingStarting: "正在開始下載…",
    descSpeed: "每秒 {speed}",
    descEta: "大約還要 {eta}",
    descVerified: "{ago}驗證完成 · {size}。",
    descCancelled: "已取消，這項匯出不會再抓取任何內容。",
    descWaitingWindow: "Google 每 24 小時只允許匯出一次。這項作業會在 {in}（{time}）自動開始。",
    descRetries: { other: "已嘗試 {count} 次。" },
    descWindow: "涵蓋 {start} 至 {end}",
    descFullHistory: "完整記錄",
    checkNow: "立即檢查",
    retry: "重試",
    cancel: "取消",
    openFolder: "開啟資料夾",
    "problem.failed": "Google 無法準備這項匯出。",
    "problem.one_time_used": "這項資料的單次存取權已經用過，需要重設存取權並重新同意。",
    "problem.window": "使用限時存取權時，Google 每 24 小時只允許匯出一次。",
    "problem.not_authorized": "目前沒有登入涵蓋這項資料。請從「備份」頁面再備份一次以提供同意。",
    "problem.grant_expired": "這項資料的登入已過期或被撤銷。請重新同意以繼續。",
    "problem.download": "無法下載或驗證封存檔。重試會再抓取一次。",
    "problem.gone": "Google 在封存檔儲存之前就已刪除（Google 只保留封存檔 14 天）。",
    "problem.google": "Google 拒絕開始這項匯出。",
    "problem.retrying": "暫時無法連上 Google，Carryout 會自動再試。",
    "problem.retried": "Google 第一次準備失敗，Carryout 已請它再試一次。",
    "problem.cancelled": "這項匯出已取消。",
    "problem.unknown": "這項匯出發生問題。",
    "warning.archive_expiring":
      "Google 會在 4 天內刪除 {group} 的封存檔，而它還沒有儲存下來。請讓 Carryout 保持開啟以完成下載；如果下載失敗，請到「匯出作業」重試。",
    "warning.data_shrank":
      "可能遺失資料：{group} 最新匯出的記錄比上一次少了超過 5%。請到 Google 確認沒有誤刪資料，並保留較早的備份（見「資料庫」）。",
    "warning.window_per_client":
      "Google 的 24 小時限制是把你所有的資料算在一起，而不是每種資料分開計算，所以 Carryout 現在把到期的項目合併成一次匯出。你不需要做任何事。",
    "warning.grant_expiring": "{grant}即將到期。請到「存取權」續期，才能繼續備份。",
    "warning.testing_limit":
      "你的 Google 用戶端處於「測試」狀態：Google 會在同意後 7 天結束它的登入，而且無法續期。請在登入結束前到「存取權」重新同意，或在 Google Cloud 控制台中發布應用程式。",
    "warning.reconsent_due":
      "Google 會在一天內結束{grant}（測試中用戶端的登入只有 7 天）。請到「存取權」重新同意，才能繼續備份。",
    "warning.library_changed":
      "定期檢查發現你的備份中有檔案變動或遺失。請到「資料庫」查看並驗證；如果有其他副本，請用它來還原。",
    "warning.unknown": "Carryout 發現 {group} 有需要留意的地方。",
    "warningLevel.alarm": "警報",
    "warningLevel.warn": "警告",
    "warningLevel.calm": "提醒",
    warningsLabel: "警告",
    warningAnnounce: "{level}：{text}",
    warningGo: "前往「{view}」",
    warningNoticed: "{ago}發現。",
    warningDetail: "詳細資訊：",
    someExport: "某項匯出",
    someGrant: "某項登入",
    grantNamed: "{time} 的登入",

    libraryTitle: "資料庫",
    libraryEmpty: "還沒有驗證過的備份。",
    openBackupFolder: "開啟備份資料夾",
    libExported: "匯出時間：{time}",
    libFiles: { other: "{count} 個檔案" },
    libExportsOf: { other: "{count} 份備份" },
    verify: "驗證",
    verifying: "正在檢查第 {done} 個檔案，共 {total} 個…",
    verifyOk: { other: "全部 {count} 個檔案都與收據相符。" },
    verifyChanged: "備份後有變動：{list}",
    verifyMissing: "遺失：{list}",
    libAlsoHolds: "也包含{list}。",
    libAlarmTitle: "可能遺失資料",
    libAlarmText: "這份匯出的記錄比上一份少了超過 5%。請到 Google 確認沒有誤刪資料，並保留較早的備份。",
    libChangedTitle: "檔案有變動或遺失",
    libChangedText: "定期檢查發現這份備份中有檔案在儲存後變動或遺失。請驗證以查看是哪些檔案；如果有其他副本，請用它來還原。",
    tlTitle: "備份涵蓋的時間",
    tlWindow: "已備份：{start} 至 {end}",
    tlWindowFromStart: "已備份：{end} 以前的全部資料",
    tlGap: "缺口，沒有任何備份：{start} 至 {end}",
    tlGapFromStart: "缺口，沒有任何備份：{end} 以前的資料",
    tlAfter: "最後一次備份之後：{start} 起尚未備份",
    tlBeginning: "最早的記錄",
    tlToday: "今天",
    tlGaps: { other: "{count} 個缺口：斜線部分沒有任何備份。" },
    tlNoGaps: "備份之間沒有缺口。",
    tlNone: "還沒有驗證過的備份涵蓋這項資料。",
    listContents: "列出內容",
    contentsEmpty: "這份匯出沒有任何封存檔。",
    contentsArchive: { other: "{count} 個項目 · {size}" },
    contentsCaption: "{name} 中的檔案",
    contentsName: "名稱",
    contentsSize: "大小",
    contentsRecords: "記錄數",
    contentsShowAll: { other: "顯示其餘 {count} 項" },
    "access.one_time": "單次存取",
    "access.time_based": "限時存取",

    accessPageTitle: "存取權",
    grantsEmpty: "還沒有任何登入。選擇要備份的資料後，Carryout 會向 Google 要求存取權。",
    grantTitle: "{time} 的登入",
    grantEnds: "存取權將於 {in}（{time}）結束。",
    grantEnded: "存取權已於 {ago}結束。",
    grantNoEnd: "存取權會持續到資料匯出完成或你登出為止。",
    grantGroups: { other: "{count} 種資料：" },
    "grant.active": "有效",
    "grant.expired": "已過期",
    "grant.revoked": "已登出",
    signOut: "登出",
    signOutTitle: "要登出這項存取權嗎？",
    signOutText:
      "Carryout 會請 Google 撤銷這項登入並將它移除。已儲存的備份會保留在原處；需要它的匯出作業會暫停，直到你重新同意。",
    keepSignedIn: "保留",
    signedOut: "已登出。",

    "error.no_client": "Carryout 還沒有 Google 用戶端。請匯入你的 client_secret.json，或試試模擬器。",
    "error.bad_client_file": "這個檔案不是從 Google Cloud 控制台下載的電腦版應用程式 client_secret JSON 檔案。",
    "error.not_signed_in": "目前還沒有登入涵蓋這個項目。請先提供同意。",
    "error.consent_denied": "你在瀏覽器中拒絕了同意，或是沒有允許任何要求的項目。",
    "error.consent_timeout": "同意頁面在時限內沒有回覆。準備好之後再試一次。",
    "error.grant_expired": "有一項登入已過期或被撤銷。請為它的資料重新同意。",
    "error.engine_elsewhere": "另一個 Carryout（「carryout run」）正在處理這個備份資料夾的匯出作業。請讓它完成，或先停止它。",
    "error.network": "無法連線到 Google。請檢查網路連線後再試一次。",
    "error.google": "Google 拒絕了這項要求。請稍後再試。",
    "error.disk": "無法寫入備份資料夾，或資料夾已滿。",
    "error.not_found": "這項匯出、登入或資料夾已不存在。",
    "error.refused": "目前的狀態無法進行這個動作。",
    "error.internal": "Carryout 內部發生錯誤。",

    relIn: "{duration}後",
    relAgo: "{duration}前",
    relNow: "剛剛",
    relSoon: "隨時",
    unitSecond: { other: "{count} 秒" },
    unitMinute: { other: "{count} 分鐘" },
    unitHour: { other: "{count} 小時" },
    unitDay: { other: "{count} 天" },
    durationJoin: "{a} {b}",

    "service.myactivity": "我的活動",
    "service.search": "Google 搜尋",
    "service.youtube": "YouTube",
    "service.maps": "Google 地圖",
    "service.mymaps": "我的地圖",
    "service.streetview": "街景服務",
    "service.chrome": "Chrome",
    "service.play": "Google Play",
    "service.shopping": "Google 購物",
    "service.discover": "探索",
    "service.saved": "已儲存",
    "service.alerts": "Google 快訊",
    "service.order_reserve": "餐點訂購與訂位",
    "service.nest": "Nest",
    "service.pixel": "Pixel",
  },
};

/** The language to show: the saved choice, else the first the system prefers that we have. */
export function pickLanguage(saved, browserLanguages = []) {
  if (LANGUAGES.includes(saved)) return saved;
  for (const tag of browserLanguages) {
    if (/^zh-(TW|HK|MO|Hant)/i.test(tag)) return "zh-TW";
    if (/^en\b/i.test(tag)) return "en";
  }
  return "en";
}

const pluralRules = new Map();

/** The plural category (`one`, `other`, …) of `count` in `language`. */
export function pluralCategory(language, count) {
  if (!pluralRules.has(language)) pluralRules.set(language, new Intl.PluralRules(language));
  return pluralRules.get(language).select(count);
}

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * The text for `key` in `language`, with `params` filled in. Plural entries pick their form
 * by `params.count`. A key missing from a language falls back to English, then to the key.
 */
export function t(language, key, params = {}) {
  const table = strings[language] ?? strings.en;
  let value = table[key] ?? strings.en[key];
  if (value === undefined) return key;
  if (typeof value === "object") {
    value = value[pluralCategory(language, params.count ?? 0)] ?? value.other;
  }
  return fill(value, params);
}

/** A service's display name, e.g. `youtube` → "YouTube". */
export function serviceName(language, service) {
  const key = `service.${service}`;
  return key in strings.en ? t(language, key) : service;
}

/** A resource group's label and description; English comes from the backend's catalog entry. */
export function groupText(language, group) {
  if (language === "zh-TW" && groupsZhTW[group.id]) {
    const [label, description] = groupsZhTW[group.id];
    return { label, description };
  }
  return { label: group.label ?? group.id, description: group.description ?? "" };
}

/** A list of names joined the way the language writes lists. */
export function joinList(language, items) {
  return items.join(t(language, "listSeparator"));
}
