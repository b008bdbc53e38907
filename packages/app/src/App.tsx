import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { scorecardModule } from './modules/scorecard';
import { signInModule } from './modules/signIn';

// Plugins listed in package.json (the Value Stream plugin among them) are
// discovered through `app.packages: all`; these are the app's own modules.
export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    signInModule,
    scorecardModule,
  ],
});
