// Traditional Chinese (Taiwan) names and descriptions of the 73 resource groups, keyed by group
// id. English comes from the backend's catalog (src/catalog.rs); a test keeps the two in step.
export const groupsZhTW = {
  "myactivity.myadcenter": ["廣告中心活動", "你在「我的廣告中心」做過的事，例如調整想看到的廣告"],
  "myactivity.maps": ["地圖活動", "你在地圖中查過的地點、要求的路線和其他操作"],
  "myactivity.play": ["Play 活動", "你在 Google Play 搜尋、瀏覽或使用過的應用程式、遊戲和其他內容"],
  "myactivity.search": ["搜尋活動", "你在 Google 上的搜尋和點開的搜尋結果"],
  "myactivity.shopping": ["購物活動", "你在 Google 購物時搜尋、查看或比較過的商品"],
  "myactivity.youtube": ["YouTube 活動", "你的 YouTube 觀看記錄和在 YouTube 上的搜尋"],

  "search_ugc.comments": ["留言", "你在 Google 搜尋上發表的留言"],
  "searchnotifications.settings": ["通知設定", "Google 應用程式傳送通知給你的設定方式"],
  "searchnotifications.subscriptions": ["通知訂閱", "Google 應用程式會通知你的主題和最新消息"],
  "search_ugc.media.reviews_and_stars": ["評分與評論", "你給電影、節目和其他媒體的星級評分與評論"],
  "search_ugc.media.streaming_video_providers": ["串流服務", "你告訴搜尋和 Google TV 你使用的串流服務"],
  "search_ugc.media.thumbs": ["喜歡與不喜歡", "你在搜尋或 Google TV 中按讚或倒讚的電影和節目"],
  "search_ugc.media.watched": ["看過的電影與節目", "你在搜尋或 Google TV 中標示為看過的電影和節目"],

  "youtube.channel": ["頻道", "你的頻道資料，例如名稱、說明和設定"],
  "youtube.clips": ["剪輯片段", "你從影片和直播剪下的片段資料"],
  "youtube.comments": ["留言", "你在影片和貼文上寫的留言"],
  "youtube.live_chat": ["聊天室訊息", "你在直播和首播聊天室中寫的內容"],
  "youtube.conversations": ["訊息", "你在 YouTube 上的私人對話"],
  "youtube.music": ["音樂庫", "你的 YouTube Music 音樂庫和你上傳的曲目"],
  "youtube.playable": ["Playables 遊戲進度", "你在 YouTube Playables 玩過的遊戲所儲存的進度"],
  "youtube.posts": ["貼文", "你在頻道上發布的社群貼文"],
  "youtube.private_playlists": ["私人播放清單", "只有你看得到的播放清單和其中的影片"],
  "youtube.private_videos": ["私人影片", "你以私人方式上傳的影片，以及影片標題、說明和設定"],
  "youtube.public_playlists": ["公開播放清單", "所有人都看得到的播放清單和其中的影片"],
  "youtube.public_videos": ["公開影片", "你公開上傳的影片，以及影片標題、說明和設定"],
  "youtube.shopping": ["購物願望清單", "你在 YouTube 購物時建立的願望清單和其中的項目"],
  "youtube.subscriptions": ["訂閱內容", "你訂閱的頻道，包括不公開的訂閱"],
  "youtube.unlisted_playlists": ["不公開播放清單", "只有知道連結的人才看得到的播放清單和其中的影片"],
  "youtube.unlisted_videos": ["不公開影片", "只有知道連結的人才看得到的影片，以及影片標題、說明和設定"],

  "maps.commute_settings": ["通勤設定", "你平常上班的方式和時間"],
  "maps.ev_profile": ["電動車設定檔", "你的電動車資料，例如適用的充電插頭"],
  "maps.aliased_places": ["已加標籤的地點", "你命名過的地點，例如住家、公司或自訂標籤"],
  "maps.photos_videos": ["相片與影片", "你新增到地點的相片和影片"],
  "maps.commute_routes": ["已固定的行程", "你固定起來以便快速取得路線的行程"],
  "maps.factual_contributions": ["地點修正", "你對地點、道路和其他地圖資訊建議的修正"],
  "maps.offering_contributions": ["地點更新", "你為地點新增的資訊，例如提供的服務"],
  "maps.questions_answers": ["問與答", "你針對地點提出的問題和給的回答"],
  "maps.reviews": ["評論", "你為地點寫的評論和貼文"],
  "maps.starred_places": ["已加星號的地點", "你「已加星號」清單中的地點"],
  "maps.vehicle_profile": ["車輛設定檔", "地圖規劃路線時使用的車輛資料，例如引擎類型"],

  "mymaps.maps": ["自訂地圖", "你自己製作的地圖，包括圖釘、線條和圖層"],

  "streetview.imagery": ["上傳的影像", "你發布到街景服務的全景相片和影片"],

  "chrome.autofill": ["自動填入", "你在網頁表單中輸入、由 Chrome 保存以便再次填入的資料"],
  "chrome.bookmarks": ["書籤", "你的 Chrome 書籤和所在資料夾"],
  "chrome.history": ["瀏覽記錄", "你在 Chrome 開啟過的網頁和開啟時間"],
  "chrome.dictionary": ["字典中的字詞", "你加入 Chrome 拼字檢查的字詞"],
  "chrome.extensions": ["擴充功能", "你安裝了哪些 Chrome 線上應用程式商店的擴充功能"],
  "chrome.reading_list": ["閱讀清單", "你在 Chrome 中儲存以便稍後閱讀的網頁"],
  "chrome.settings": ["設定", "你的 Chrome 偏好設定"],

  "play.devices": ["裝置", "你安裝了 Play 商店的手機、平板電腦和其他裝置"],
  "play.grouping": ["分組標記", "應用程式開發人員透過 Google Play 為你的帳戶加上的標記"],
  "play.installs": ["安裝項目", "你透過 Google Play 安裝的應用程式"],
  "play.library": ["收藏庫", "你從 Google Play 取得的應用程式、遊戲、書籍和其他項目"],
  "play.playpoints": ["Play 點數", "你的 Play 點數會員資格，以及賺取和使用的點數"],
  "play.promotions": ["促銷活動", "你在 Google Play 收到的優惠和促銷活動"],
  "play.purchases": ["購買項目", "你在 Google Play 買過的東西"],
  "play.redemptions": ["兌換項目", "你在 Google Play 兌換的禮物卡和優惠代碼"],
  "play.usersettings": ["設定", "你的 Play 商店設定方式"],
  "play.subscriptions": ["訂閱項目", "你透過 Google Play 付費的訂閱"],

  "shopping.reviews": ["商品與商店評論", "你為商品和網路商店寫的評論"],
  "shopping.addresses": ["運送地址", "你為 Google 購物儲存的收件地址"],

  "discover.follows": ["追蹤項目", "你在探索動態中追蹤的主題、搜尋和網站"],
  "discover.likes": ["喜歡的內容", "你在探索動態中按過喜歡的報導連結"],
  "discover.not_interested": ["不感興趣", "你要求探索不再顯示的報導和主題"],

  "saved.collections": ["收藏集", "你在 Google 各處儲存的連結、圖片、地點和其他內容，依收藏集整理"],

  "alerts.subscriptions": ["快訊", "Google 快訊以電子郵件通知你的主題"],

  "order_reserve.purchases_reservations": ["訂餐與訂位", "你透過 Google 點的餐點和預訂的座位"],

  "nest.user": ["帳戶", "你的 Nest 帳戶資料"],
  "nest.camera_event": ["攝影機事件", "你的 Nest 攝影機偵測到的事件，例如動態或人物"],
  "nest.camera_feature": ["攝影機功能", "你的 Nest 攝影機具備哪些功能和設定方式"],
  "nest.camera_video": ["攝影機錄影", "你的 Nest 攝影機錄下的影片"],
  "nest.store": ["商店帳單", "Nest 商店和 Nest Renew 的帳單與付款記錄"],

  "pixel.device_data": ["裝置資料", "你的 Pixel 裝置使用情形和診斷報告"],
};
